import { css } from 'lit'

/**
 * Styles shared by every form-like element (fields, labels, controls, errors,
 * the submit button, success and status messages, the honeypot), written
 * against the theme's custom properties so workspace themes and host
 * overrides reach every form alike.
 */
export const formStyles = css`
  form {
    display: grid;
    gap: calc(var(--aip-spacing, 0.5rem) * 2);
  }
  .field {
    display: grid;
    gap: calc(var(--aip-spacing, 0.5rem) / 2);
  }
  label {
    font-weight: 600;
  }
  input:not([type='checkbox']),
  select,
  textarea {
    font: inherit;
    color: inherit;
    background: var(--aip-color-background, #fff);
    padding: var(--aip-spacing, 0.5rem);
    border: 1px solid var(--aip-color-border, #8c959f);
    border-radius: var(--aip-radius, 0.375rem);
    width: 100%;
  }
  [aria-invalid='true'] {
    border-color: var(--aip-color-error, #b3261e);
  }
  .check {
    display: flex;
    gap: var(--aip-spacing, 0.5rem);
    align-items: flex-start;
  }
  .check label {
    font-weight: 400;
  }
  .error,
  .alert {
    margin: 0;
    color: var(--aip-color-error, #b3261e);
  }
  .required {
    color: var(--aip-color-error, #b3261e);
  }
  button {
    font: inherit;
    justify-self: start;
    cursor: pointer;
    padding: var(--aip-spacing, 0.5rem) calc(var(--aip-spacing, 0.5rem) * 3);
    border: 0;
    border-radius: var(--aip-radius, 0.375rem);
    background: var(--aip-color-primary, #0b57d0);
    color: var(--aip-color-on-primary, #fff);
  }
  button[disabled] {
    opacity: 0.6;
    cursor: progress;
  }
  .success {
    color: var(--aip-color-success, #146c2e);
    font-weight: 600;
  }
  .status {
    color: var(--aip-color-muted, #59636e);
  }
  .trap {
    position: absolute;
    left: -10000px;
    width: 1px;
    height: 1px;
    overflow: hidden;
  }
`
