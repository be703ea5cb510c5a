import { column, defineResource } from '#sdk'

/**
 * A user's preferences for one category inside a workspace (seed table
 * `user_preferences`), as the API returns them. Written only by the upsert
 * of PUT /v1/preferences/:category.
 */
export const preferenceResource = defineResource({
  name: 'Preference',
  table: 'user_preferences',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid().required(),
    user_id: column.uuid().required(),
    preference_category: column.text().required(),
    preference_data: column.jsonb().nullable().required(),
    interface_mode: column
      .enum(['simple', 'advanced'] as const)
      .nullable()
      .required()
      .openapi({ type: ['string', 'null'] }),
    created_at: column.timestamp().nullable(),
    updated_at: column.timestamp().nullable(),
  },
})

/** A preference row as selected. */
export type PreferenceRow = typeof preferenceResource.$row
