import { css } from 'lit'

/** Styles of `<aip-content-calendar>` (theme tokens come from the base). */
export const contentCalendarStyles = css`
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--aip-spacing, 0.5rem);
    margin-bottom: var(--aip-spacing, 0.5rem);
  }
  h2 {
    margin: 0 auto 0 0;
    font-size: 1.25em;
    text-transform: capitalize;
  }
  h3 {
    margin: 0;
    font-size: 1.05em;
  }
  button,
  input,
  select {
    font: inherit;
    color: inherit;
  }
  button {
    cursor: pointer;
    padding: calc(var(--aip-spacing, 0.5rem) / 2) var(--aip-spacing, 0.5rem);
    border: 1px solid var(--aip-color-border, #8c959f);
    border-radius: var(--aip-radius, 0.375rem);
    background: var(--aip-color-background, #fff);
  }
  button[aria-pressed='true'],
  button.primary {
    background: var(--aip-color-primary, #0b57d0);
    border-color: var(--aip-color-primary, #0b57d0);
    color: var(--aip-color-on-primary, #fff);
  }
  button[disabled] {
    opacity: 0.6;
    cursor: progress;
  }
  input,
  select {
    padding: calc(var(--aip-spacing, 0.5rem) / 2);
    border: 1px solid var(--aip-color-border, #8c959f);
    border-radius: var(--aip-radius, 0.375rem);
    background: var(--aip-color-background, #fff);
  }
  table {
    width: 100%;
    border-collapse: collapse;
    table-layout: fixed;
  }
  th {
    font-weight: 600;
    font-size: 0.85em;
    padding: calc(var(--aip-spacing, 0.5rem) / 2);
    color: var(--aip-color-muted, #59636e);
  }
  td {
    vertical-align: top;
    height: 5.5em;
    padding: calc(var(--aip-spacing, 0.5rem) / 2);
    border: 1px solid var(--aip-color-border, #d0d7de);
    cursor: pointer;
    overflow: hidden;
  }
  :host([view='week']) td {
    height: 12em;
  }
  td.outside {
    color: var(--aip-color-muted, #59636e);
    background: color-mix(in srgb, var(--aip-color-border, #d0d7de) 20%, transparent);
  }
  td[aria-selected='true'] {
    box-shadow: inset 0 0 0 2px var(--aip-color-primary, #0b57d0);
  }
  td[aria-current='date'] .number {
    background: var(--aip-color-primary, #0b57d0);
    color: var(--aip-color-on-primary, #fff);
  }
  .number {
    display: inline-block;
    min-width: 1.6em;
    text-align: center;
    border-radius: 999px;
    font-weight: 600;
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  td li {
    font-size: 0.8em;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
    border-left: 3px solid var(--aip-color-primary, #0b57d0);
    padding-left: 0.25em;
    margin-top: 0.2em;
  }
  td li[data-status='draft'] {
    border-left-style: dashed;
  }
  td li[data-status='published'] {
    border-left-color: var(--aip-color-success, #146c2e);
  }
  .day {
    margin-top: calc(var(--aip-spacing, 0.5rem) * 2);
    display: grid;
    gap: var(--aip-spacing, 0.5rem);
  }
  .entry {
    display: grid;
    gap: calc(var(--aip-spacing, 0.5rem) / 2);
    padding: var(--aip-spacing, 0.5rem);
    border: 1px solid var(--aip-color-border, #d0d7de);
    border-radius: var(--aip-radius, 0.375rem);
  }
  .entry .meta {
    color: var(--aip-color-muted, #59636e);
    font-size: 0.9em;
  }
  .actions,
  .add {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: var(--aip-spacing, 0.5rem);
  }
  .add label,
  .actions label {
    display: grid;
    gap: 0.15em;
    font-size: 0.9em;
  }
  .status,
  .empty {
    color: var(--aip-color-muted, #59636e);
    margin: 0;
  }
  .alert {
    color: var(--aip-color-error, #b3261e);
    margin: 0;
  }
`
