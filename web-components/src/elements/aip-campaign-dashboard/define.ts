/**
 * Defines `<aip-campaign-dashboard>` and the `<aip-metric-chart>` it renders
 * (once each). The per-element bundle and the package's
 * `@action-insight-pilot/elements/aip-campaign-dashboard` entry point are this file.
 */
import { defineMetricChart } from '../aip-metric-chart/define.js'
import { AipCampaignDashboard } from './aip-campaign-dashboard.js'

export { AipCampaignDashboard }
export { CHART_METRICS, DASHBOARD_RANGES } from './aip-campaign-dashboard.js'
export type {
  CampaignDashboardData,
  ChartMetric,
  DashboardCampaign,
  DashboardCampaignChangeDetail,
  DashboardLoadDetail,
  DashboardRangeChangeDetail,
} from './aip-campaign-dashboard.js'

defineMetricChart()
if (!customElements.get('aip-campaign-dashboard')) {
  customElements.define('aip-campaign-dashboard', AipCampaignDashboard)
}
