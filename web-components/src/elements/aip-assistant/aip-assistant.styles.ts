import { css } from 'lit'

/** Styles of `<aip-assistant>` on top of the theme tokens and the shared form styles. */
export const assistantStyles = css`
  .assistant {
    display: grid;
    gap: calc(var(--aip-spacing, 0.5rem) * 2);
  }
  h2 {
    margin: 0;
    font-size: 1.25em;
  }
  ol.log {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: calc(var(--aip-spacing, 0.5rem) * 2);
  }
  .question {
    margin: 0;
    font-weight: 600;
  }
  .answer {
    margin: calc(var(--aip-spacing, 0.5rem) / 2) 0 0;
    white-space: pre-wrap;
  }
  .marker {
    font: inherit;
    font-size: 0.8em;
    vertical-align: super;
    line-height: 1;
    padding: 0 0.15em;
    margin: 0 0.05em;
    border: 0;
    background: none;
    color: var(--aip-color-primary, #0b57d0);
    text-decoration: underline;
    cursor: pointer;
  }
  ol.sources {
    margin: var(--aip-spacing, 0.5rem) 0 0;
    padding-inline-start: 1.5em;
    font-size: 0.9em;
    color: var(--aip-color-muted, #59636e);
  }
  ol.sources a {
    color: var(--aip-color-primary, #0b57d0);
  }
  .snippet {
    display: block;
  }
  .ask {
    display: flex;
    gap: var(--aip-spacing, 0.5rem);
    align-items: end;
  }
  .ask .field {
    flex: 1;
  }
  button.secondary {
    justify-self: start;
    border: 1px solid var(--aip-color-primary, #0b57d0);
    background: transparent;
    color: var(--aip-color-primary, #0b57d0);
  }
  .actions {
    display: flex;
    gap: var(--aip-spacing, 0.5rem);
    flex-wrap: wrap;
  }
  fieldset {
    border: 1px solid var(--aip-color-border, #8c959f);
    border-radius: var(--aip-radius, 0.375rem);
    padding: calc(var(--aip-spacing, 0.5rem) * 2);
    margin: 0;
    display: grid;
    gap: var(--aip-spacing, 0.5rem);
  }
  legend {
    font-weight: 600;
    padding: 0 0.25em;
  }
`
