import { column, defineResource } from '#sdk'

/** Feedback on an AI suggestion (table `ai_interaction_feedback`). */
export const aiFeedbackResource = defineResource({
  name: 'AiFeedback',
  table: 'ai_interaction_feedback',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid().required(),
    user_id: column.uuid().required(),
    session_id: column.uuid().nullable(),
    message_id: column.uuid().nullable(),
    interaction_type: column
      .enum(['edit', 'approve', 'regenerate', 'reject'] as const)
      .required()
      .openapi({ type: 'string' }),
    original_suggestion: column.jsonb<unknown>().required().schema({}),
    user_modification: column.jsonb<unknown>().nullable().schema({}),
    context_data: column.jsonb(),
    feedback_score: column.integer().nullable().openapi({ minimum: 1, maximum: 5 }),
    timestamp: column.timestamp().nullable(),
    created_at: column.timestamp().nullable(),
  },
})

/** A feedback row as selected. */
export type AiFeedbackRow = typeof aiFeedbackResource.$row
