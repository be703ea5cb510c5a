import type { HttpContext } from '@adonisjs/core/http'
import { answerValidator } from '../validators/answer_validator.js'
import { answerRequestOf, retrieveSources, type Answer } from '../services/answer_service.js'
import { assertBucketsExist } from '../services/bucket_service.js'
import { createNote, noteTitle, sourceRefsOf } from '../services/research_note_service.js'
import { respondWithAnswer } from '../services/answer_event_stream.js'
import { requireScope } from '../services/write_access.js'

/**
 * POST /v1/knowledge/answer: one question answered from the knowledge base
 * with numbered citations (no conversation is kept), as JSON or streamed with
 * server-sent events; `save_note` keeps the answer as a research note.
 */
export default class KnowledgeAnswersController {
  async answer(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(answerValidator)
    if (input.save_note) requireScope('knowledge:write', 'save_note')
    await assertBucketsExist(input.bucket_ids)
    const request = answerRequestOf(input.question, input, 'knowledge.answer')
    const sources = await retrieveSources(request)

    const store = async (answer: Answer) => {
      const note = input.save_note
        ? await createNote({
            title: noteTitle(input.question),
            content: answer.text,
            sourceRefs: sourceRefsOf(answer.citations),
          })
        : null
      return {
        answer: answer.text,
        citations: answer.citations,
        search_id: answer.searchId,
        provider: answer.provider,
        model: answer.model,
        research_note_id: note?.id ?? null,
      }
    }

    return respondWithAnswer(ctx, {
      request,
      sources,
      start: { search_id: sources.searchId },
      store,
      status: 200,
    })
  }
}
