import { column, defineResource } from '#sdk'

/** One exchange of a session (table `chat_messages`): the user's message and the AI's response. */
export const chatMessageResource = defineResource({
  name: 'ChatMessage',
  table: 'chat_messages',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid().required(),
    session_id: column.uuid().required(),
    user_message: column.text().required(),
    ai_response: column
      .jsonb()
      .required()
      .schema({
        type: 'object',
        description:
          '`{ status: "complete", role, content, provider, model, usage: { input_tokens, output_tokens, cost_usd } }`',
        properties: {
          status: { type: 'string', enum: ['pending', 'complete'] },
          role: { type: 'string' },
          content: { type: 'string' },
          provider: { type: 'string' },
          model: { type: 'string' },
          usage: { type: 'object' },
        },
      }),
    agent_type: column.text().nullable(),
    metadata: column.jsonb().nullable(),
    timestamp: column.timestamp().nullable(),
  },
})

/** A chat message row as selected. */
export type ChatMessageRow = typeof chatMessageResource.$row
