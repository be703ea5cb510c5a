import { definePlugin } from '#sdk'
import { privacyManifest } from './privacy_manifest.js'
import { EMAIL_WEBHOOK_EVENTS } from './webhook_event_types.js'

/**
 * The email plugin: marketing mail on the core mail service. Contacts with
 * consent (and double opt-in), segments evaluated in SQL, MJML templates with
 * merge fields, campaigns sent once per recipient through a send ledger,
 * automations (triggers, waits, sends, click branches, tags),
 * DKIM-signed, with RFC 8058 one-click unsubscribe and a suppression list.
 */
export default definePlugin({
  name: 'email',
  version: '0.1.0',
  description:
    'Marketing e-mail: contacts and consent, segments, MJML templates, campaigns sent once per recipient, automations, one-click unsubscribe',
  dependsOn: { core: '^0.1.0', leads: '^0.1.0' },
  routes: () => import('./routes.js'),
  jobs: {
    'email/send_campaign': () => import('./jobs/send_campaign.js'),
    'email/send_batch': () => import('./jobs/send_batch.js'),
    'email/import_contacts': () => import('./jobs/import_contacts.js'),
    'email/automation_schedule': () => import('./jobs/automation_schedule.js'),
    'email/automation_tick': () => import('./jobs/automation_tick.js'),
    'email/automation_step': () => import('./jobs/automation_step.js'),
  },
  // Automations read the event outbox every minute (one tick per workspace).
  crontab: '* * * * * email/automation_schedule ?max=1',
  scopes: ['email:read', 'email:write'],
  openapi: {
    tag: 'Email',
    description:
      'Contacts, segments, templates, campaigns, automations, suppressions and unsubscribe links',
  },
  seed: () => import('./database/demo_seed.js'),
  privacy: privacyManifest,
  webhookEvents: EMAIL_WEBHOOK_EVENTS,
  tenantTables: [
    'email_templates',
    'email_contacts',
    'email_segments',
    'email_campaigns',
    'email_sends',
    'email_events',
    'email_suppressions',
    'email_contact_imports',
    'email_automation_rules',
    'email_automation_cursors',
    'email_automation_enrollments',
    'email_automation_step_runs',
  ],
})
