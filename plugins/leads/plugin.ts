import { definePlugin } from '#core/plugins/plugin_definition'
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
  // Leads are the workspace's contacts: the workspace is their controller, so
  // they stay with the workspace when a platform user is erased; that user
  // only disappears from created_by. A contact's own requests are served by
  // the lead routes (see docs/guide/leads.md, "Personal data").
  privacy: {
    tables: [
      {
        table: 'leads',
        userColumn: 'created_by',
        erase: 'anonymize',
        anonymizeColumns: ['created_by'],
      },
      {
        table: 'lead_activities',
        userColumn: 'created_by',
        erase: 'anonymize',
        anonymizeColumns: ['created_by'],
      },
      {
        table: 'lead_scoring_rules',
        userColumn: 'created_by',
        erase: 'anonymize',
        anonymizeColumns: ['created_by'],
      },
      {
        table: 'lead_imports',
        userColumn: 'created_by',
        erase: 'anonymize',
        anonymizeColumns: ['created_by'],
      },
      {
        table: 'lead_forms',
        userColumn: 'created_by',
        erase: 'anonymize',
        anonymizeColumns: ['created_by'],
      },
    ],
  },
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
