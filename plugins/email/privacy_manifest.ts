import type { PrivacyManifest } from '#sdk'

/**
 * Personal data of the email plugin. Contacts, their sends and events are the
 * workspace's data about its audience (the workspace is their controller):
 * erasing a platform user removes that user from `created_by` only. A
 * contact's own erasure is `DELETE /v1/email/contacts/:id` (sends and events
 * go with it, and so do its automation enrollments and their step runs;
 * the suppression entry stays, so the address is never mailed
 * again: see docs/guide/email.md, "Personal data").
 */
export const privacyManifest: PrivacyManifest = {
  tables: [
    {
      table: 'email_contacts',
      userColumn: 'created_by',
      erase: 'anonymize',
      anonymizeColumns: ['created_by'],
    },
    {
      table: 'email_templates',
      userColumn: 'created_by',
      erase: 'anonymize',
      anonymizeColumns: ['created_by'],
    },
    {
      table: 'email_segments',
      userColumn: 'created_by',
      erase: 'anonymize',
      anonymizeColumns: ['created_by'],
    },
    {
      table: 'email_campaigns',
      userColumn: 'created_by',
      erase: 'anonymize',
      anonymizeColumns: ['created_by'],
    },
    {
      table: 'email_contact_imports',
      userColumn: 'created_by',
      erase: 'anonymize',
      anonymizeColumns: ['created_by'],
    },
    {
      table: 'email_automation_rules',
      userColumn: 'created_by',
      erase: 'anonymize',
      anonymizeColumns: ['created_by'],
    },
    {
      table: 'email_suppressions',
      userColumn: 'created_by',
      erase: 'anonymize',
      anonymizeColumns: ['created_by'],
    },
  ],
}
