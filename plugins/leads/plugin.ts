import { definePlugin } from '#sdk'
import { privacyManifest } from './privacy_manifest.js'
import { LEAD_WEBHOOK_EVENTS } from './webhook_event_types.js'

/**
 * The leads plugin: leads, their activities, a rule-based scoring engine
 * (fit and engagement, with decay), CSV import and export. Its public API is
 * `services/index.ts` (`captureLead` for form submissions).
 */
export default definePlugin({
  name: 'leads',
  version: '0.1.0',
  description:
    'Leads and their activities, rule-based scoring with explanations, CSV import and export',
  dependsOn: { core: '^0.1.0' },
  routes: () => import('./routes.js'),
  jobs: {
    'leads/rescore_workspace': () => import('./jobs/rescore_workspace.js'),
    'leads/import_csv': () => import('./jobs/import_csv.js'),
    'leads/nightly_rescore': () => import('./jobs/nightly_rescore.js'),
  },
  // Engagement points decay: refresh every score once a day.
  crontab: '15 4 * * * leads/nightly_rescore ?max=3',
  scopes: ['leads:read', 'leads:write'],
  embedCapabilities: { 'leads:submit': 'Submit the lead form from an allowed web page' },
  openapi: {
    tag: 'Leads',
    description: 'Leads, activities, scoring rules and scores, CSV import and export',
  },
  seed: () => import('./database/demo_seed.js'),
  privacy: privacyManifest,
  webhookEvents: LEAD_WEBHOOK_EVENTS,
  tenantTables: [
    'leads',
    'lead_activities',
    'lead_scoring_rules',
    'lead_scores',
    'lead_imports',
    'lead_forms',
  ],
})
