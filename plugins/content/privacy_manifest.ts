import type { PrivacyManifest } from '#sdk'

/**
 * Personal data of the content plugin, for exports and erasure. Calendar
 * entries, assets, brand kits and templates belong to the workspace (its
 * marketing material), so erasing a user only removes the link to them; a
 * user's export includes the files they uploaded. Feed token hashes and
 * import file contents are never exported.
 */
export const privacyManifest: PrivacyManifest = {
  tables: [
    {
      table: 'content_calendar',
      userColumn: 'created_by',
      erase: 'anonymize',
      anonymizeColumns: ['created_by'],
    },
    {
      table: 'content_calendar_imports',
      userColumn: 'created_by',
      erase: 'anonymize',
      anonymizeColumns: ['created_by'],
      excludeColumns: ['content'],
    },
    {
      table: 'content_calendar_feeds',
      userColumn: 'created_by',
      erase: 'anonymize',
      anonymizeColumns: ['created_by'],
      excludeColumns: ['token_hash'],
    },
    {
      table: 'digital_assets',
      userColumn: 'uploaded_by',
      erase: 'anonymize',
      anonymizeColumns: ['uploaded_by'],
      fileColumns: ['storage_path', 'thumbnail_path'],
    },
    {
      table: 'brand_assets',
      userColumn: 'created_by',
      erase: 'anonymize',
      anonymizeColumns: ['created_by'],
    },
    {
      table: 'content_templates',
      userColumn: 'created_by',
      erase: 'anonymize',
      anonymizeColumns: ['created_by'],
    },
    {
      table: 'proposal_templates',
      userColumn: 'user_id',
      erase: 'anonymize',
      anonymizeColumns: ['user_id'],
    },
  ],
}
