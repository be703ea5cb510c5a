import vine from '@vinejs/vine'
import { MAX_QUESTION_CHARACTERS } from './answer_validator.js'

/** Earlier turns a widget may send with a follow-up question. */
export const MAX_EMBED_HISTORY_TURNS = 20

/**
 * Body of POST /v1/embed/knowledge/answers (the embedded assistant): the
 * question and, for a follow-up, the conversation so far as the widget keeps
 * it in memory (oldest first). Nothing else: a widget cannot choose buckets,
 * provider or model.
 */
export const embedAnswerValidator = vine.create({
  question: vine.string().trim().minLength(1).maxLength(MAX_QUESTION_CHARACTERS),
  history: vine
    .array(
      vine.object({
        role: vine.enum(['user', 'assistant'] as const),
        content: vine.string().trim().minLength(1).maxLength(MAX_QUESTION_CHARACTERS),
      })
    )
    .maxLength(MAX_EMBED_HISTORY_TURNS)
    .optional(),
})
