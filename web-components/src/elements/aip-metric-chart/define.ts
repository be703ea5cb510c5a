/** Defines `<aip-metric-chart>` (the element's own bundle entry). */
import { AipMetricChart } from './aip-metric-chart.js'

export { AipMetricChart }
export type { MetricChartData, MetricSeries, MetricChartToggleDetail } from './aip-metric-chart.js'

if (!customElements.get('aip-metric-chart'))
  customElements.define('aip-metric-chart', AipMetricChart)
