import { css } from 'lit'

/**
 * Theme tokens shared by every element. Hosts theme the elements by setting
 * these custom properties on the element or any ancestor (they inherit
 * through shadow DOM); finer changes go through `::part(...)`.
 *
 * - `--aip-font-family`, `--aip-font-size`
 * - `--aip-color-text`, `--aip-color-muted`, `--aip-color-background`
 * - `--aip-color-primary`, `--aip-color-on-primary`
 * - `--aip-color-border`, `--aip-color-error`, `--aip-color-success`
 * - `--aip-radius`, `--aip-spacing`, `--aip-focus-ring`
 */
export const themeStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
    font-family: var(--aip-font-family, system-ui, -apple-system, 'Segoe UI', sans-serif);
    font-size: var(--aip-font-size, 1rem);
    line-height: 1.5;
    color: var(--aip-color-text, #1f2328);
    background: var(--aip-color-background, transparent);
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  :focus-visible {
    outline: var(
      --aip-focus-ring,
      3px solid color-mix(in srgb, var(--aip-color-primary, #0b57d0) 60%, transparent)
    );
    outline-offset: 2px;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`
