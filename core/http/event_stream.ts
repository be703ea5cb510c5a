import type { HttpContext } from '@adonisjs/core/http'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { toProblem } from '#core/exceptions/problem_mapper'

/** Whether the client asked for a server-sent events stream. */
export function wantsEventStream(ctx: HttpContext) {
  return /\btext\/event-stream\b/i.test(ctx.request.header('accept') ?? '')
}

/**
 * A server-sent events response written straight to the socket while the
 * handler runs. The stream opens (status 200 and headers, including those the
 * middleware already set) with the first event, so failures before any output
 * can still be answered as ordinary problem+json responses. Once open, Adonis
 * leaves the response alone (its headers are sent).
 */
export class EventStream {
  #opened = false
  #closed = false
  #gone = new AbortController()

  constructor(private ctx: HttpContext) {
    const raw = ctx.response.response
    raw.once('close', () => {
      if (!raw.writableFinished) this.#gone.abort()
    })
  }

  /** Aborts when the client goes away before the stream ended (pass it to the AI gateway). */
  get signal(): AbortSignal {
    return this.#gone.signal
  }

  /** Whether the headers (and at least one event) were sent. */
  get opened() {
    return this.#opened
  }

  /** Sends one event with a JSON payload; a no-op once the client has gone. */
  send(event: string, data: unknown) {
    const raw = this.ctx.response.response
    if (!this.#opened) this.#open()
    if (this.#closed || raw.destroyed || raw.writableEnded) return
    raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
  }

  /**
   * Ends an opened stream that failed: rolls the request's transaction back
   * (nothing of the exchange is stored), logs server faults under `logMessage`,
   * and sends the error as an `error` event (a problem object) before ending.
   */
  async fail(error: unknown, trx: TransactionClientContract, logMessage: string) {
    if (!trx.isCompleted) await trx.rollback()
    const problem = toProblem(error)
    if (problem.status >= 500) this.ctx.logger.error({ err: error }, logMessage)
    this.send('error', {
      type: problem.type,
      title: problem.title,
      status: problem.status,
      detail: problem.message,
      instance: `urn:request:${this.ctx.request.id()}`,
    })
    this.end()
  }

  /** Ends the stream. */
  end() {
    const raw = this.ctx.response.response
    this.#closed = true
    if (!raw.writableEnded) raw.end()
  }

  #open() {
    const raw = this.ctx.response.response
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(this.ctx.response.getHeaders())) {
      if (value !== undefined && !/^content-(type|length)$/i.test(name))
        headers[name] = String(value)
    }
    raw.writeHead(200, {
      ...headers,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      'Connection': 'keep-alive',
      'X-Accel-Buffering': 'no',
    })
    this.#opened = true
  }
}
