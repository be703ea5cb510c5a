import type { HttpContext } from '@adonisjs/core/http'
import { EventStream } from '#core/http/event_stream'
import { commitNow } from '#core/database/commit_now'
import { tenant } from '#core/tenancy/tenant_context'
import {
  releaseIdempotencyClaim,
  storeIdempotentResponse,
} from '#core/middleware/idempotency_middleware'

/** What the work of a streamed response hands back to `streamResponse`. */
export interface StreamedResult {
  /** The JSON body a retry with the same Idempotency-Key replays (with the given status). */
  replay: unknown
  /** Sends the closing events (e.g. `done`); runs once the data is committed. */
  finish: (stream: EventStream) => void
}

/**
 * The one way to answer with server-sent events from a /v1 route. Runs `produce`
 * (which sends events on `stream` as output arrives; the stream opens with the
 * first event), then records the answer for Idempotency-Key retries, commits the
 * request's tenant transaction (so the closing events name durable rows), and
 * lets `finish` send the closing events. A failure before any output is an
 * ordinary problem+json response (rolled back); after it, the transaction is
 * rolled back, the Idempotency-Key released, and the stream ends with an
 * `error` event. `produce` passes `stream.signal` to the AI gateway, which
 * then streams a remote answer with no transaction open and stops when the
 * client goes away; the request's transaction is the tenant context's
 * current one (renewed by the gateway around its call).
 */
export async function streamResponse(
  ctx: HttpContext,
  options: {
    /** Status a retry with the same Idempotency-Key gets with `replay` as its body. */
    status: number
    /** Logged with server faults that end an opened stream. */
    logMessage: string
    produce: (stream: EventStream) => Promise<StreamedResult>
  }
) {
  const stream = new EventStream(ctx)
  try {
    const { replay, finish } = await options.produce(stream)
    await storeIdempotentResponse(ctx, options.status, replay)
    await commitNow(tenant().trx)
    finish(stream)
    stream.end()
  } catch (error) {
    if (!stream.opened) throw error
    await stream.fail(error, tenant().trx, options.logMessage)
    await releaseIdempotencyClaim(ctx)
  }
}
