import { column, defineResource } from '#core/database/resource'

/**
 * A stored secret's metadata as the API reads it (table `user_secrets`): the
 * one place that lists its public columns. The vault's `returning` list, the
 * secrets module's select list, `SecretRow` and the `Secret` OpenAPI schema
 * derive from it. The sealed value (`encrypted_value`, `initialization_vector`,
 * `key_id`) is deliberately not a column of the resource: it never leaves the
 * server.
 */
export const secretResource = defineResource({
  name: 'Secret',
  table: 'user_secrets',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid().required(),
    user_id: column.uuid().required(),
    service_name: column.text().required(),
    value_hint: column
      .text()
      .nullable()
      .required()
      .openapi({ description: 'Last 4 characters of values of 16 characters or more, else null' }),
    is_active: column.boolean().nullable().required(),
    last_used_at: column.timestamp().nullable(),
    metadata: column.jsonb().nullable(),
    created_at: column.timestamp().nullable(),
    updated_at: column.timestamp().nullable(),
  },
})

/** A secret's metadata row as selected (snake_case, like the API). */
export type SecretRow = typeof secretResource.$row
