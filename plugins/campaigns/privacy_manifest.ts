import type { PrivacyManifest } from '#sdk'

/**
 * Personal data of the campaigns plugin: campaigns and tasks belong to the
 * workspace, so erasure only removes the link to the person (`created_by`).
 */
export const privacyManifest: PrivacyManifest = {
  tables: [
    // Campaigns and tasks belong to the workspace: erasure removes the link to the person.
    {
      table: 'campaigns',
      userColumn: 'created_by',
      erase: 'anonymize',
      anonymizeColumns: ['created_by'],
    },
    {
      table: 'campaign_tasks',
      userColumn: 'created_by',
      erase: 'anonymize',
      anonymizeColumns: ['created_by'],
    },
  ],
}
