import { column, defineResource } from '#sdk'

/**
 * A user as the API returns it (table `users`): the one place that lists its
 * public columns. The select/returning lists, `UserRow` and the `User` OpenAPI
 * schema derive from it. The password hash is deliberately not a column of the
 * resource: it never leaves the server.
 */
export const userResource = defineResource({
  name: 'User',
  table: 'users',
  columns: {
    id: column.uuid().required(),
    email: column.text().required().openapi({ format: 'email' }),
    full_name: column.text().nullable().required(),
    user_metadata: column.jsonb(),
    personal_workspace_id: column.uuid().nullable().required(),
    email_verified_at: column
      .timestamp()
      .nullable()
      .openapi({ description: 'When the user proved the address (verification or reset link)' }),
    created_at: column.timestamp().required(),
  },
})

/** A user row as selected (snake_case, like the API). */
export type UserRow = typeof userResource.$row
