import { column, defineResource } from '#sdk'

/**
 * A workspace embed secret key as the API lists it (table `embed_secret_keys`):
 * never the secret itself (shown once, on creation), only its last four
 * characters. The one place that lists the columns.
 */
export const embedSecretKeyResource = defineResource({
  name: 'EmbedSecretKey',
  table: 'embed_secret_keys',
  columns: {
    id: column.uuid().required().openapi({
      description: 'Put it in the header of the session tokens you sign (kid)',
    }),
    workspace_id: column.uuid().required(),
    name: column.text().required(),
    secret_hint: column
      .text()
      .required()
      .openapi({ description: 'The last four characters of the secret, to tell keys apart' }),
    created_by: column.uuid().nullable(),
    last_used_at: column.timestamp().nullable(),
    revoked_at: column.timestamp().nullable(),
    created_at: column.timestamp().required(),
  },
})

/** An embed secret key row as selected (snake_case, like the API). */
export type EmbedSecretKeyRow = typeof embedSecretKeyResource.$row
