/*
| The plugin's public API. Other plugins import this file only (never the
| plugin's controllers or internals), so those can change freely.
*/
export {
  findCampaign,
  campaignsForPlanning,
  CAMPAIGN_TRANSITIONS,
  createCampaignWithTasks,
} from './campaign_service.js'
export type { CampaignStatus, CampaignWithTasksInput } from './campaign_service.js'
export type { CampaignRow } from './campaign_resource.js'
export { campaignSummary } from './metrics_service.js'
export { metricTotalsByChannel, type ChannelMetricTotals } from './channel_metrics.js'
