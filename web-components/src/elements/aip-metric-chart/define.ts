/**
 * Defines `<aip-metric-chart>` (once: loading two bundles that both hold the
 * element does not throw). The per-element bundle and the package's
 * `@action-insight-pilot/elements/aip-metric-chart` entry point are this file.
 */
import { AipMetricChart } from './aip-metric-chart.js'

export { AipMetricChart }
export type { MetricChartData, MetricSeries, MetricChartToggleDetail } from './aip-metric-chart.js'

/**
 * Registers the element unless it already is. Elements that render charts
 * call it from their own define.ts: a bare `import './define.js'` would be
 * dropped by bundlers, since the package declares its sources free of side
 * effects.
 */
export function defineMetricChart() {
  if (!customElements.get('aip-metric-chart')) {
    customElements.define('aip-metric-chart', AipMetricChart)
  }
}

defineMetricChart()
