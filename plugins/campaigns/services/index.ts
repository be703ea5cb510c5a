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
/**
 * For the autopilot plugin's budget allocation: daily totals per channel, the
 * channels of active campaigns with their daily budgets (`settings.daily_budget`),
 * and applying a channel's new daily budget to its campaigns (recorded in
 * their measurements' `auto_actions_taken`).
 */
export { channelDailyMetrics, activeChannels, applyChannelBudget } from './channel_budget.js'
export type { ChannelDay, ActiveChannel, AppliedCampaignBudget } from './channel_budget.js'
/** Measures every active campaign (the performance monitor), for the autopilot's daily run. */
export { monitorWorkspace } from './performance_monitor.js'
