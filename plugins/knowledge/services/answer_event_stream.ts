import type { HttpContext } from '@adonisjs/core/http'
import { streamResponse, wantsEventStream } from '#sdk'
import {
  generateAnswer,
  numberedSources,
  type Answer,
  type AnswerRequest,
  type RetrievedSources,
} from './answer_service.js'

/** How one answer is generated from retrieved sources and stored. */
export interface AnswerResponsePlan<Body> {
  /** The question, filters and model of the answer. */
  request: AnswerRequest
  /** The sources `retrieveSources` found for `request`. */
  sources: RetrievedSources
  /** Payload of the `start` event when streamed (ids known before generation). */
  start: Record<string, unknown>
  /** Stores the answer; returns the JSON body (the `done` payload and an idempotent retry's answer). */
  store: (answer: Answer) => Promise<Body>
  /** Status of the JSON response, and the one a retry with the same Idempotency-Key replays. */
  status: number
}

/**
 * Answers as the client asked: a JSON body with `status`, or server-sent events
 * (`streamAnswer`) when it accepts `text/event-stream`. Shared by one-off
 * answers and conversation messages.
 */
export async function respondWithAnswer<Body>(ctx: HttpContext, plan: AnswerResponsePlan<Body>) {
  if (!wantsEventStream(ctx)) {
    const body = await plan.store(await generateAnswer(plan.request, plan.sources))
    ctx.response.status(plan.status)
    return body
  }
  await streamAnswer(ctx, plan)
}

/**
 * Streams an answer as server-sent events: `start`, `sources` (the numbered
 * chunks), `delta` (`text`) pieces whose concatenation is the stored answer,
 * `citations` (the sources the text cites), then `done` with the stored body
 * once the transaction has committed; or `error` (a problem object) when
 * generation fails mid-stream, after which nothing is stored. The stream opens
 * with the first piece of text, so failures before it (no key, unknown
 * provider) are ordinary problem+json responses.
 */
async function streamAnswer<Body>(ctx: HttpContext, plan: AnswerResponsePlan<Body>) {
  await streamResponse(ctx, {
    status: plan.status,
    logMessage: 'knowledge answer stream failed',
    produce: async (stream) => {
      const open = () => {
        if (stream.opened) return
        stream.send('start', plan.start)
        stream.send('sources', { sources: numberedSources(plan.sources.hits) })
      }
      const answer = await generateAnswer(
        plan.request,
        plan.sources,
        (text) => {
          open()
          stream.send('delta', { text })
        },
        stream.signal
      )
      const body = await plan.store(answer)
      return {
        // A retry with the same Idempotency-Key gets the stored answer as JSON.
        replay: body,
        finish: () => {
          open()
          stream.send('citations', { citations: answer.citations })
          stream.send('done', body)
        },
      }
    },
  })
}
