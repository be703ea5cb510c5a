/** Columns of a preference in API responses (the OpenAPI `Preference` schema). */
export const PREFERENCE_COLUMNS = [
  'id',
  'workspace_id',
  'user_id',
  'preference_category',
  'preference_data',
  'interface_mode',
  'created_at',
  'updated_at',
]
