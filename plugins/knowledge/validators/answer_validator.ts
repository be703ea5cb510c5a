import vine from '@vinejs/vine'
import { AI_PROVIDERS } from '#sdk'
import { BUCKET_TYPES } from './bucket_validator.js'

/**
 * Longest question (it is searched whole: the search service and the access
 * log's query_text accept 4,000 characters).
 */
export const MAX_QUESTION_CHARACTERS = 4000

/** Fields shared by POST /knowledge/answer and POST /knowledge/conversations/:id/messages. */
export const answerOptions = {
  bucket_ids: vine.array(vine.string().uuid()).minLength(1).maxLength(50).distinct().optional(),
  bucket_type: vine.enum(BUCKET_TYPES).optional(),
  campaign_id: vine.string().uuid().optional(),
  /** Sources retrieved (default 6). */
  limit: vine.number().withoutDecimals().range([1, 20]).optional(),
  /** Minimum cosine similarity of a retrieved chunk, as in the search (default 0). */
  threshold: vine.number().range([0, 1]).optional(),
  /**
   * AI provider and model of the answer (default: the workspace default,
   * `local` offline). The provider is checked here, so an unknown one is a
   * 422 even when nothing is retrieved and no provider is called.
   */
  provider: vine.enum(AI_PROVIDERS).optional(),
  model: vine.string().trim().minLength(1).maxLength(200).optional(),
  /** Also save the answer as a research note (needs `knowledge:write`). */
  save_note: vine.boolean().optional(),
}

/** Body of POST /v1/knowledge/answer. */
export const answerValidator = vine.create({
  question: vine.string().trim().minLength(1).maxLength(MAX_QUESTION_CHARACTERS),
  ...answerOptions,
})
