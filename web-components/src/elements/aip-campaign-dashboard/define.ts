/** Defines `<aip-campaign-dashboard>` and the `<aip-metric-chart>` it uses (the element's own bundle entry). */
import { AipCampaignDashboard } from './aip-campaign-dashboard.js'

export { AipCampaignDashboard }
export { CHART_METRICS, DASHBOARD_RANGES } from './aip-campaign-dashboard.js'
export type {
  CampaignDashboardData,
  ChartMetric,
  DashboardCampaign,
  DashboardCampaignChangeDetail,
  DashboardErrorDetail,
  DashboardLoadDetail,
  DashboardRangeChangeDetail,
} from './aip-campaign-dashboard.js'

if (!customElements.get('aip-campaign-dashboard')) {
  customElements.define('aip-campaign-dashboard', AipCampaignDashboard)
}
