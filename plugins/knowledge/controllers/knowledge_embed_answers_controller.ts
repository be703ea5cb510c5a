import type { HttpContext } from '@adonisjs/core/http'
import { embedAnswerValidator } from '../validators/embed_answer_validator.js'
import { retrieveSources, type Answer, type AnswerRequest } from '../services/answer_service.js'
import { respondWithAnswer } from '../services/answer_event_stream.js'
import { modelHistory } from '../services/conversation_service.js'
import { withSourceUrls } from '../services/public_answer_service.js'

/**
 * POST /v1/embed/knowledge/answers: the embedded assistant's question,
 * answered from the PUBLIC buckets of the embed key's workspace (the embed key
 * middleware runs it as `app_anon`, which RLS limits to public buckets) with
 * numbered citations, as JSON or streamed with server-sent events. Nothing is
 * stored: follow-ups send the conversation so far.
 */
export default class KnowledgeEmbedAnswersController {
  async answer(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(embedAnswerValidator)
    const request: AnswerRequest = {
      question: input.question,
      history: modelHistory([...(input.history ?? [])].reverse()),
      purpose: 'knowledge.answer',
    }
    const sources = await retrieveSources(request)
    const store = async (answer: Answer) => ({
      answer: answer.text,
      citations: await withSourceUrls(answer.citations),
      provider: answer.provider,
      model: answer.model,
    })
    return respondWithAnswer(ctx, { request, sources, start: {}, store, status: 200 })
  }
}
