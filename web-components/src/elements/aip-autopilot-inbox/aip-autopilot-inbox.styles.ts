import { css } from 'lit'

/** Styles of `<aip-autopilot-inbox>` (theme tokens come from the base). */
export const autopilotInboxStyles = css`
  .block + .block {
    margin-top: calc(var(--aip-spacing, 0.5rem) * 3);
  }
  h2 {
    margin: 0 0 var(--aip-spacing, 0.5rem);
    font-size: 1.15em;
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: var(--aip-spacing, 0.5rem);
  }
  .proposal {
    display: grid;
    gap: calc(var(--aip-spacing, 0.5rem) / 2);
    padding: var(--aip-spacing, 0.5rem);
    border: 1px solid var(--aip-color-border, #d0d7de);
    border-radius: var(--aip-radius, 0.375rem);
  }
  .meta,
  .empty,
  .status {
    color: var(--aip-color-muted, #59636e);
    margin: 0;
  }
  .decide {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: var(--aip-spacing, 0.5rem);
  }
  label {
    display: grid;
    gap: 0.15em;
    font-size: 0.9em;
  }
  input,
  button {
    font: inherit;
    color: inherit;
  }
  input {
    padding: calc(var(--aip-spacing, 0.5rem) / 2);
    border: 1px solid var(--aip-color-border, #8c959f);
    border-radius: var(--aip-radius, 0.375rem);
    background: var(--aip-color-background, #fff);
  }
  button {
    cursor: pointer;
    padding: calc(var(--aip-spacing, 0.5rem) / 2) var(--aip-spacing, 0.5rem);
    border: 1px solid var(--aip-color-border, #8c959f);
    border-radius: var(--aip-radius, 0.375rem);
    background: var(--aip-color-background, #fff);
  }
  button.primary {
    background: var(--aip-color-primary, #0b57d0);
    border-color: var(--aip-color-primary, #0b57d0);
    color: var(--aip-color-on-primary, #fff);
  }
  button[disabled] {
    opacity: 0.6;
    cursor: progress;
  }
  table {
    width: 100%;
    border-collapse: collapse;
  }
  caption {
    text-align: start;
    font-weight: 600;
    font-size: 1.15em;
    margin-bottom: var(--aip-spacing, 0.5rem);
  }
  th,
  td {
    text-align: start;
    padding: calc(var(--aip-spacing, 0.5rem) / 2);
    border-bottom: 1px solid var(--aip-color-border, #d0d7de);
  }
  td[data-priority='high'] {
    font-weight: 700;
  }
  .alert {
    color: var(--aip-color-error, #b3261e);
    margin: 0;
  }
  .done {
    color: var(--aip-color-success, #146c2e);
    margin: 0;
  }
`
