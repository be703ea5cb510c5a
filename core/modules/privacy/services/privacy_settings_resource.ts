import { column, defineResource } from '#sdk'

/**
 * A user's consent and retention settings in a workspace (seed table
 * `user_privacy_settings`) as the API returns them: the one place that lists
 * their columns (select/returning list, `PrivacySettingsRow` and the
 * `PrivacySettings` OpenAPI schema derive from it).
 */
export const privacySettingsResource = defineResource({
  name: 'PrivacySettings',
  table: 'user_privacy_settings',
  columns: {
    id: column.uuid().nullable().openapi({ description: 'Null until first saved' }),
    workspace_id: column.uuid().required(),
    user_id: column.uuid().required(),
    data_processing_consent: column.boolean().required(),
    marketing_consent: column.boolean().required(),
    analytics_consent: column.boolean().required(),
    third_party_consent: column.boolean().required(),
    data_retention_days: column.integer().nullable().required().openapi({
      description: 'Retention-eligible data older than this is purged daily; null keeps it',
    }),
    right_to_be_deleted_requested: column.boolean().required(),
    created_at: column.timestamp().nullable(),
    updated_at: column.timestamp().nullable(),
  },
})

/** A privacy settings row as selected. */
export type PrivacySettingsRow = typeof privacySettingsResource.$row
