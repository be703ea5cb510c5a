import type { PrivacyManifest } from '#sdk'

/**
 * Personal data of the leads plugin.
 * Leads are the workspace's contacts: the workspace is their controller, so
 * they stay with the workspace when a platform user is erased; that user
 * only disappears from created_by. A contact's own requests are served by
 * the lead routes (see docs/guide/leads.md, "Personal data").
 */
export const privacyManifest: PrivacyManifest = {
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
}
