import { Problem, tenant, rawQuery } from '#sdk'
import { aiFeedbackResource } from './ai_feedback_resource.js'

/** Input of a feedback entry (see feedbackValidator). */
export interface FeedbackInput {
  interaction_type: 'edit' | 'approve' | 'regenerate' | 'reject'
  message_id?: string
  session_id?: string
  original_suggestion?: unknown
  user_modification?: unknown
  context_data?: Record<string, unknown>
  agent_type?: string
  feedback_score?: number
}

/**
 * Records the caller's feedback on an AI suggestion. With `message_id` the
 * suggestion is the caller's own chat message (its session and response are
 * filled in; another user's message is 404); otherwise `original_suggestion`
 * is required. An `edit` must carry the user's modification.
 */
export async function recordFeedback(input: FeedbackInput) {
  const { trx, workspaceId, userId } = tenant()
  let sessionId = input.session_id ?? null
  let original = input.original_suggestion
  const context: Record<string, unknown> = { ...(input.context_data ?? {}) }
  if (input.agent_type) context.agent_type = input.agent_type

  if (input.message_id) {
    const message = await trx
      .from('chat_messages')
      .select('session_id', 'ai_response', 'agent_type')
      .where('id', input.message_id)
      .first()
    if (!message) throw Problem.notFound('Chat message')
    if (sessionId && sessionId !== message.session_id) {
      throw Problem.invalidField('session_id', 'The message belongs to another session', 'match')
    }
    sessionId = message.session_id
    original ??= message.ai_response
    context.agent_type ??= message.agent_type
  } else if (sessionId) {
    const session = await trx.from('chat_sessions').select('id').where('id', sessionId).first()
    if (!session) throw Problem.notFound('Chat session')
  }
  if (original === undefined || original === null) {
    throw Problem.invalidField(
      'original_suggestion',
      'The original_suggestion field is required without a message_id',
      'required'
    )
  }
  if (
    input.interaction_type === 'edit' &&
    (input.user_modification === undefined || input.user_modification === null)
  ) {
    throw Problem.invalidField(
      'user_modification',
      'An edit must include the user_modification',
      'required'
    )
  }
  for (const [field, value] of [
    ['original_suggestion', original],
    ['user_modification', input.user_modification],
    ['context_data', context],
  ] as const) {
    const json = value === undefined ? '' : JSON.stringify(value)
    if (json.length > 64 * 1024 || json.includes('\\u0000')) {
      throw Problem.invalidField(
        field,
        `The ${field} field must be at most 64 KB of JSON without NUL characters`,
        'maxSize'
      )
    }
  }

  const result = await rawQuery(
    trx,
    `insert into ai_interaction_feedback
       (workspace_id, user_id, session_id, message_id, interaction_type, original_suggestion,
        user_modification, context_data, feedback_score)
     values (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?)
     returning ${aiFeedbackResource.sql()}`,
    [
      workspaceId,
      userId,
      sessionId,
      input.message_id ?? null,
      input.interaction_type,
      JSON.stringify(original),
      input.user_modification === undefined ? null : JSON.stringify(input.user_modification),
      JSON.stringify(context),
      input.feedback_score ?? null,
    ]
  )
  return result.rows[0]
}
