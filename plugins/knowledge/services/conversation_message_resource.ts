import { column, defineResource } from '#sdk'
import type { Citation } from './citations.js'

/**
 * A message of a knowledge conversation (table `conversation_messages`): the
 * user's question or the assistant's cited answer. Written only by the
 * conversation service; the embedding stays in the database.
 */
export const conversationMessageResource = defineResource({
  name: 'KnowledgeConversationMessage',
  table: 'conversation_messages',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid(),
    conversation_id: column.uuid().required(),
    user_id: column.uuid(),
    role: column.enum(['user', 'assistant'] as const).required(),
    content: column.text().required(),
    embedding_model: column.text().nullable().openapi({
      description: 'Model of the stored embedding (user messages), `provider:model`',
    }),
    citations: column
      .jsonb<Citation[]>()
      .required()
      .schema({ type: 'array', items: { $ref: '#/components/schemas/KnowledgeCitation' } }),
    metadata: column.jsonb().required().openapi({
      description:
        'Assistant messages: `search_id`, `provider`, `model` (null when nothing was found) and `usage`',
    }),
    timestamp: column.timestamp().required(),
  },
})
