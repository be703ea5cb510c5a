import { definePlugin } from '#sdk'
import { privacyManifest } from './privacy_manifest.js'
import { CAMPAIGN_WEBHOOK_EVENTS } from './webhook_event_types.js'

/**
 * The campaigns plugin: campaigns with their lifecycle, tasks, daily metrics
 * and summaries, a performance monitor, statistical forecasts and budget
 * proposals, and AI-generated content with an approval workflow (seed
 * "Campaign Management"). See docs/guide/campaigns.md.
 */
export default definePlugin({
  name: 'campaigns',
  version: '0.1.0',
  description:
    'Marketing campaigns: lifecycle, tasks, metrics and summaries, performance monitoring, forecasts and generated content',
  dependsOn: { core: '^0.1.0' },
  routes: () => import('./routes.js'),
  jobs: {
    'campaigns/monitor_performance': () => import('./jobs/monitor_performance.js'),
    'campaigns/schedule_monitoring': () => import('./jobs/schedule_monitoring.js'),
    'campaigns/evaluate_predictions': () => import('./jobs/evaluate_predictions.js'),
  },
  // Daily at 05:00 UTC: queue one monitor job per workspace with active campaigns.
  crontab: '0 5 * * * campaigns/schedule_monitoring ?max=3',
  scopes: ['campaigns:read', 'campaigns:write'],
  embedCapabilities: {
    'campaigns:metrics':
      "Show the workspace's campaign KPIs and daily metrics in the dashboard widget",
  },
  embedSessionScopes: {
    'campaigns:read':
      "The campaign dashboard widget for the host's signed-in end user (KPIs and daily metrics)",
  },
  openapi: {
    tag: 'Campaigns',
    description:
      'Campaigns of the current workspace: lifecycle, tasks, metrics, performance, predictions and generated content',
  },
  seed: () => import('./database/demo_seed.js'),
  webhookEvents: CAMPAIGN_WEBHOOK_EVENTS,
  privacy: privacyManifest,
  tenantTables: [
    'campaigns',
    'campaign_tasks',
    'campaign_metrics',
    'campaign_performance_metrics',
    'campaign_performance_monitor',
    'campaign_predictions',
    'generated_content_pieces',
  ],
})
