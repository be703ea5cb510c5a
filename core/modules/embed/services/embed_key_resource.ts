import { column, defineResource } from '#sdk'

/**
 * A publishable embed key as the API reads it (table `embed_keys`): the one
 * place that lists its columns. The select/returning list, `EmbedKeyRow` and
 * the `EmbedKey` OpenAPI schema derive from it. The key is public by design.
 */
export const embedKeyResource = defineResource({
  name: 'EmbedKey',
  table: 'embed_keys',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid().required(),
    name: column.text().required(),
    public_key: column.text().required().openapi({
      pattern: '^pk_[A-Za-z0-9_-]{32}$',
      description: 'Publishable: put it in your page (data attribute or script)',
    }),
    allowed_origins: column.textArray().required(),
    capabilities: column.textArray().required(),
    rate_limit_per_minute: column
      .integer()
      .required()
      .openapi({ description: 'Per key and client IP' }),
    created_by: column.uuid().nullable(),
    last_used_at: column.timestamp().nullable(),
    revoked_at: column.timestamp().nullable(),
    created_at: column.timestamp().required(),
    updated_at: column.timestamp(),
  },
})

/** An embed key row as selected (snake_case, like the API). */
export type EmbedKeyRow = typeof embedKeyResource.$row
