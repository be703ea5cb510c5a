import { column, defineResource } from '#sdk'

/**
 * A knowledge conversation (table `conversations`), private to its user, as
 * the API reads and writes it. `bucket_ids` must name existing buckets, which
 * the service checks before a write.
 */
export const conversationResource = defineResource({
  name: 'KnowledgeConversation',
  table: 'conversations',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid().required(),
    user_id: column.uuid().required(),
    title: column
      .text()
      .nullable()
      .required()
      .writable({ on: 'update' })
      .openapi({ description: 'Null until set or until the first question names it' }),
    bucket_ids: column
      .uuidArray()
      .required()
      .writable({ on: 'update', set: (ids: string[]) => [...new Set(ids)] })
      .openapi({ description: 'Buckets searched by default (empty: all)' }),
    metadata: column.jsonb().required().writable({ on: 'update' }),
    created_at: column.timestamp().required(),
    updated_at: column.timestamp(),
  },
})

/** A conversation row as the API returns it. */
export type ConversationRow = typeof conversationResource.$row
