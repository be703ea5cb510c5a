import { definePlugin } from '#sdk'
import { privacyManifest } from './privacy_manifest.js'
import { AUTOPILOT_WEBHOOK_EVENTS } from './webhook_event_types.js'

/**
 * The autopilot plugin (seed "Autopilot System"): a per-workspace
 * configuration with a kill switch and a dry run, the daily orchestration
 * (metrics and monitor, a Thompson-sampling budget allocator under guard
 * rails, lead triage into an inbox), the approval queue, weekly reports with
 * statistical highlights, an activity log and a cron monitor. It reaches
 * campaigns and leads through their faces only. See docs/guide/autopilot.md.
 */
export default definePlugin({
  name: 'autopilot',
  version: '0.1.0',
  description:
    'Marketing autopilot: daily orchestration, budget allocation under guard rails with approvals, lead inbox, weekly reports',
  dependsOn: { core: '^0.1.0', campaigns: '^0.1.0', leads: '^0.1.0' },
  routes: () => import('./routes.js'),
  jobs: {
    'autopilot/daily_run': () => import('./jobs/daily_run.js'),
    'autopilot/weekly_report': () => import('./jobs/weekly_report.js'),
    'autopilot/generate_strategy': () => import('./jobs/generate_strategy.js'),
    'autopilot/schedule_daily': () => import('./jobs/schedule_daily.js'),
    'autopilot/schedule_weekly': () => import('./jobs/schedule_weekly.js'),
  },
  // The seed's schedules: the daily orchestration at 02:00 UTC, weekly reports on Monday 09:00 UTC.
  crontab: [
    '0 2 * * * autopilot/schedule_daily ?max=3',
    '0 9 * * 1 autopilot/schedule_weekly ?max=3',
  ].join('\n'),
  scopes: ['autopilot:read', 'autopilot:write'],
  embedCapabilities: {
    'autopilot:inbox':
      'Show the autopilot inbox widget (approval queue and lead inbox) to end users with an embed session',
  },
  embedSessionScopes: {
    'autopilot:read': 'See the approval queue and the lead inbox in the autopilot inbox widget',
    'autopilot:write': 'Approve or reject budget proposals in the autopilot inbox widget',
  },
  openapi: {
    tag: 'Autopilot',
    description:
      'The marketing autopilot of the current workspace: configuration, runs, approval queue, lead inbox, activity, weekly reports',
  },
  seed: () => import('./database/demo_seed.js'),
  privacy: privacyManifest,
  webhookEvents: AUTOPILOT_WEBHOOK_EVENTS,
  tenantTables: [
    'marketing_autopilot_config',
    'autopilot_runs',
    'autopilot_weekly_reports',
    'autopilot_activity_log',
    'autopilot_proposals',
    'autopilot_lead_inbox',
  ],
})
