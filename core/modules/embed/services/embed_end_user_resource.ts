import { column, defineResource } from '#sdk'

/**
 * An end user of the host's application, recorded the first time a verified
 * embed session named them (table `embed_end_users`): the workspace's contact
 * record of that person. The one place that lists the columns.
 */
export const embedEndUserResource = defineResource({
  name: 'EmbedEndUser',
  table: 'embed_end_users',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid().required(),
    external_id: column
      .text()
      .required()
      .openapi({ description: "The host's own id of the user (the token's sub)" }),
    name: column.text().nullable(),
    email: column.text().nullable(),
    first_seen_at: column.timestamp().required(),
    last_seen_at: column.timestamp().required(),
    sessions_revoked_before: column.timestamp().nullable().openapi({
      description: 'Session tokens issued at or before this instant are refused',
    }),
    created_at: column.timestamp().required(),
  },
})

/** An end-user row as selected (snake_case, like the API). */
export type EmbedEndUserRow = typeof embedEndUserResource.$row
