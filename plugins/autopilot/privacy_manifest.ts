import type { PrivacyManifest } from '#sdk'

/**
 * Personal data of the autopilot plugin. Every table belongs to the workspace,
 * so erasing a user (the owner of the config, inbox rows and reports, or who
 * decided a proposal) removes the link to them and exports their rows. The
 * lead inbox copies a lead's name, company, e-mail and phone: those rows go
 * with the lead (composite foreign key, on delete cascade), so erasing or
 * deleting a lead in the leads plugin removes its inbox rows too.
 */
export const privacyManifest: PrivacyManifest = {
  tables: [
    {
      table: 'marketing_autopilot_config',
      userColumn: 'user_id',
      erase: 'anonymize',
      anonymizeColumns: ['user_id'],
    },
    {
      table: 'autopilot_weekly_reports',
      userColumn: 'user_id',
      erase: 'anonymize',
      anonymizeColumns: ['user_id'],
    },
    {
      table: 'autopilot_activity_log',
      userColumn: 'user_id',
      erase: 'anonymize',
      anonymizeColumns: ['user_id'],
    },
    {
      table: 'autopilot_proposals',
      userColumn: 'decided_by',
      erase: 'anonymize',
      anonymizeColumns: ['decided_by'],
    },
    {
      table: 'autopilot_lead_inbox',
      userColumn: 'user_id',
      erase: 'anonymize',
      anonymizeColumns: ['user_id'],
    },
  ],
}
