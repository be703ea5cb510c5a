import { css } from 'lit'

/** Styles of `<aip-campaign-dashboard>`: toolbar, KPI tiles and the chart grid. */
export const campaignDashboardStyles = css`
  .dashboard {
    display: grid;
    gap: calc(var(--aip-spacing, 0.5rem) * 3);
  }
  h2 {
    margin: 0;
    font-size: 1.25em;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--aip-spacing, 0.5rem) * 2);
    align-items: end;
  }
  .control {
    display: grid;
    gap: calc(var(--aip-spacing, 0.5rem) / 2);
  }
  label {
    font-weight: 600;
    font-size: 0.875em;
  }
  select {
    font: inherit;
    color: inherit;
    background: var(--aip-color-background, #fff);
    padding: calc(var(--aip-spacing, 0.5rem) / 2) var(--aip-spacing, 0.5rem);
    border: 1px solid var(--aip-color-border, #8c959f);
    border-radius: var(--aip-radius, 0.375rem);
  }
  .kpis {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 9rem), 1fr));
    gap: calc(var(--aip-spacing, 0.5rem) * 1.5);
    margin: 0;
  }
  .kpi {
    padding: calc(var(--aip-spacing, 0.5rem) * 1.5);
    border: 1px solid var(--aip-color-border, #d0d7de);
    border-radius: var(--aip-radius, 0.375rem);
    background: var(--aip-kpi-background, transparent);
  }
  .kpi dt {
    color: var(--aip-color-muted, #59636e);
    font-size: 0.875em;
  }
  .kpi dd {
    margin: 0;
    font-size: 1.5em;
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }
  .charts {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 20rem), 1fr));
    gap: calc(var(--aip-spacing, 0.5rem) * 3);
  }
  .status {
    margin: 0;
    color: var(--aip-color-muted, #59636e);
  }
  .alert {
    margin: 0;
    color: var(--aip-color-error, #b3261e);
  }
`
