import vine from '@vinejs/vine'
import { pageQuery } from '#sdk'

/** Agent names: lower-case identifiers such as `copilot`, `audience`, `channel`. */
export const AGENT_TYPE_PATTERN = /^[a-z][a-z0-9_-]{0,49}$/

const title = () => vine.string().trim().minLength(1).maxLength(200)

/** Body of POST /v1/chat/sessions. */
export const createSessionValidator = vine.create({
  title: title().optional(),
  metadata: vine.record(vine.any()).optional(),
})

/** Body of PATCH /v1/chat/sessions/:id. */
export const updateSessionValidator = vine.create({
  title: title().optional(),
  metadata: vine.record(vine.any()).optional(),
})

/**
 * Body of POST /v1/chat/sessions/:id/messages. `provider`/`model` pick another
 * model than the workspace default; `context` gives grounding snippets.
 */
export const sendMessageValidator = vine.create({
  content: vine.string().trim().minLength(1).maxLength(20000),
  agent_type: vine.string().regex(AGENT_TYPE_PATTERN).optional(),
  provider: vine.string().maxLength(50).optional(),
  model: vine.string().maxLength(200).optional(),
  context: vine.array(vine.string().maxLength(8000)).maxLength(20).optional(),
  metadata: vine.record(vine.any()).optional(),
})

/**
 * Body of POST /v1/embed/chat/sessions/:id/messages (an end user's widget):
 * the message only; the workspace's default model answers.
 */
export const embedMessageValidator = vine.create({
  content: vine.string().trim().minLength(1).maxLength(20000),
})

/** Body of POST /v1/chat/feedback. */
export const feedbackValidator = vine.create({
  interaction_type: vine.enum(['edit', 'approve', 'regenerate', 'reject'] as const),
  /** The chat message the feedback is about: its session and response are filled in. */
  message_id: vine.string().uuid().optional(),
  session_id: vine.string().uuid().optional(),
  original_suggestion: vine.any().optional(),
  user_modification: vine.any().optional(),
  context_data: vine.record(vine.any()).optional(),
  agent_type: vine.string().regex(AGENT_TYPE_PATTERN).optional(),
  feedback_score: vine.number().withoutDecimals().range([1, 5]).optional(),
})

/** Query of GET /v1/chat/sessions and the other chat lists. */
export const chatPageValidator = vine.create({ ...pageQuery })

/** Query of GET /v1/chat/feedback. */
export const feedbackQueryValidator = vine.create({
  ...pageQuery,
  interaction_type: vine.enum(['edit', 'approve', 'regenerate', 'reject'] as const).optional(),
  session_id: vine.string().uuid().optional(),
})
