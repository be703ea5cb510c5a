import { column, defineResource } from '#sdk'

/**
 * A workspace API key as the API returns it (table `api_keys`): the one place
 * that lists its columns. The select/returning lists, `ApiKeyRow` and the
 * `ApiKey` OpenAPI schema derive from it. The key's hash is deliberately not a
 * column of the resource: the key is shown once, at creation.
 */
export const apiKeyResource = defineResource({
  name: 'ApiKey',
  table: 'api_keys',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid().required(),
    name: column.text().required(),
    scopes: column.textArray().required(),
    hint: column
      .text()
      .required()
      .openapi({ description: 'Last characters of the key, to recognise it' }),
    created_by: column.uuid(),
    last_used_at: column.timestamp().nullable(),
    expires_at: column.timestamp().nullable(),
    revoked_at: column.timestamp().nullable(),
    created_at: column.timestamp().required(),
  },
})

/** An API key row as selected (snake_case, like the API). */
export type ApiKeyRow = typeof apiKeyResource.$row
