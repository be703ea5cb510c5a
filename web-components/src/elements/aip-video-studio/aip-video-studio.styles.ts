import { css } from 'lit'

/** Styles of `<aip-video-studio>` (theme tokens come from the base). */
export const videoStudioStyles = css`
  .block {
    display: grid;
    gap: var(--aip-spacing, 0.5rem);
    padding: var(--aip-spacing, 0.5rem);
    border: 1px solid var(--aip-color-border, #d0d7de);
    border-radius: var(--aip-radius, 0.375rem);
  }
  .block + .block {
    margin-top: calc(var(--aip-spacing, 0.5rem) * 2);
  }
  h2,
  h3 {
    margin: 0;
    font-size: 1.15em;
  }
  h3 {
    font-size: 1em;
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: calc(var(--aip-spacing, 0.5rem) / 2);
  }
  ul button {
    width: 100%;
    display: grid;
    text-align: start;
  }
  ul button[aria-current='true'] {
    border-color: var(--aip-color-primary, #0b57d0);
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: var(--aip-spacing, 0.5rem);
  }
  .meta,
  .empty,
  .status {
    color: var(--aip-color-muted, #59636e);
    margin: 0;
  }
  label {
    display: grid;
    gap: 0.15em;
    font-size: 0.9em;
  }
  input,
  select,
  textarea,
  button {
    font: inherit;
    color: inherit;
  }
  input,
  select,
  textarea {
    padding: calc(var(--aip-spacing, 0.5rem) / 2);
    border: 1px solid var(--aip-color-border, #8c959f);
    border-radius: var(--aip-radius, 0.375rem);
    background: var(--aip-color-background, #fff);
  }
  textarea {
    resize: vertical;
  }
  button {
    cursor: pointer;
    padding: calc(var(--aip-spacing, 0.5rem) / 2) var(--aip-spacing, 0.5rem);
    border: 1px solid var(--aip-color-border, #8c959f);
    border-radius: var(--aip-radius, 0.375rem);
    background: var(--aip-color-background, #fff);
  }
  button.primary {
    justify-self: start;
    background: var(--aip-color-primary, #0b57d0);
    border-color: var(--aip-color-primary, #0b57d0);
    color: var(--aip-color-on-primary, #fff);
  }
  button[disabled] {
    opacity: 0.6;
    cursor: not-allowed;
  }
  :focus-visible {
    outline: var(--aip-focus-ring, 2px solid #0b57d0);
    outline-offset: 2px;
  }
  .plan {
    display: grid;
    gap: var(--aip-spacing, 0.5rem);
  }
  fieldset {
    display: grid;
    grid-template-columns: 1fr 7em;
    gap: var(--aip-spacing, 0.5rem);
    margin: 0;
    border: 1px solid var(--aip-color-border, #d0d7de);
    border-radius: var(--aip-radius, 0.375rem);
  }
  .progress {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--aip-spacing, 0.5rem);
  }
  progress {
    flex: 1 1 10em;
    accent-color: var(--aip-color-primary, #0b57d0);
  }
  video {
    width: 100%;
    max-height: 70vh;
    background: #000;
    border-radius: var(--aip-radius, 0.375rem);
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
