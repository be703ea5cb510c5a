import { css, unsafeCSS } from 'lit'
import uplotCss from 'uplot/dist/uPlot.min.css'

/**
 * uPlot's own stylesheet, adopted by the shadow root as a constructable
 * stylesheet (Lit's `adoptedStyleSheets`): nothing is injected into the host
 * page and no `<style>` element is created, so a strict `style-src` holds.
 */
export const uplotStyles = unsafeCSS(uplotCss)

/**
 * Styles of `<aip-metric-chart>`. The private `--_series-N` and `--_grid`
 * properties resolve the public tokens (with their fallbacks) so the element
 * can read the final colours with `getComputedStyle` for the canvas.
 */
export const metricChartStyles = css`
  :host {
    --_series-1: var(--aip-chart-color-1, var(--aip-color-primary, #0b57d0));
    --_series-2: var(--aip-chart-color-2, #b3261e);
    --_series-3: var(--aip-chart-color-3, #146c2e);
    --_series-4: var(--aip-chart-color-4, #8a4b00);
    --_series-5: var(--aip-chart-color-5, #6d28d9);
    --_series-6: var(--aip-chart-color-6, #006a6a);
    --_axis: var(--aip-color-muted, #59636e);
    --_grid: var(--aip-chart-grid-color, var(--aip-color-border, #d0d7de));
    --_text: var(--aip-color-text, #1f2328);
    --_font: var(--aip-font-family, system-ui, -apple-system, 'Segoe UI', sans-serif);
  }
  figure {
    margin: 0;
    display: grid;
    gap: var(--aip-spacing, 0.5rem);
    min-width: 0;
  }
  figcaption {
    font-weight: 600;
  }
  .plot {
    min-width: 0;
    min-height: var(--aip-chart-height, 240px);
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: var(--aip-spacing, 0.5rem) calc(var(--aip-spacing, 0.5rem) * 2);
    margin: 0;
    padding: 0;
    list-style: none;
    color: var(--aip-color-muted, #59636e);
    font-size: 0.875em;
  }
  .swatch {
    display: inline-block;
    width: 0.75em;
    height: 0.75em;
    margin-inline-end: 0.35em;
    border-radius: 2px;
    vertical-align: baseline;
  }
  .legend li:nth-child(6n + 1) .swatch {
    background: var(--_series-1);
  }
  .legend li:nth-child(6n + 2) .swatch {
    background: var(--_series-2);
  }
  .legend li:nth-child(6n + 3) .swatch {
    background: var(--_series-3);
  }
  .legend li:nth-child(6n + 4) .swatch {
    background: var(--_series-4);
  }
  .legend li:nth-child(6n + 5) .swatch {
    background: var(--_series-5);
  }
  .legend li:nth-child(6n + 6) .swatch {
    background: var(--_series-6);
  }
  .toggle {
    justify-self: start;
    font: inherit;
    font-size: 0.875em;
    color: var(--aip-color-primary, #0b57d0);
    background: none;
    border: 1px solid currentColor;
    border-radius: var(--aip-radius, 0.375rem);
    padding: 0.25em 0.75em;
    cursor: pointer;
  }
  .table-wrap {
    max-height: 20rem;
    overflow: auto;
    border: 1px solid var(--aip-color-border, #d0d7de);
    border-radius: var(--aip-radius, 0.375rem);
  }
  table {
    border-collapse: collapse;
    width: 100%;
    font-size: 0.875em;
    font-variant-numeric: tabular-nums;
  }
  th,
  td {
    padding: 0.25em 0.75em;
    text-align: end;
    border-bottom: 1px solid var(--aip-color-border, #d0d7de);
  }
  th:first-child {
    text-align: start;
  }
  thead th {
    position: sticky;
    top: 0;
    background: var(--aip-color-background, #fff);
  }
  .empty {
    color: var(--aip-color-muted, #59636e);
    margin: 0;
  }
`
