import { column, defineResource } from '#sdk'

/**
 * A copilot chat session (table `chat_sessions`) as the API returns it: the
 * one place that lists its columns (select/returning lists, `ChatSessionRow`
 * and the `ChatSession` OpenAPI schema derive from it).
 */
export const chatSessionResource = defineResource({
  name: 'ChatSession',
  table: 'chat_sessions',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid().required(),
    user_id: column
      .uuid()
      .nullable()
      .required()
      .openapi({ description: "The member's session; null for an embed end user's" }),
    end_user_id: column
      .uuid()
      .nullable()
      .required()
      .openapi({ description: 'The embed end user whose session it is (widget chat); else null' }),
    title: column.text().required(),
    metadata: column.jsonb().nullable(),
    created_at: column.timestamp().nullable(),
    updated_at: column.timestamp().nullable(),
  },
})

/** A chat session row as selected. */
export type ChatSessionRow = typeof chatSessionResource.$row
