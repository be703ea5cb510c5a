import type { ServerResponse } from 'node:http'
import { FakeProviderServer, sendJson, type ReceivedRequest } from '#tests/helpers/fake_http_server'

/** How the fake answers the next Chat Completions call. */
export interface ChatScript {
  /** Pieces of the reply, streamed one chunk each. */
  pieces: string[]
  /** Pause between streamed chunks, in ms. */
  delayMs: number
  /** Drop the connection after this many pieces (a provider failing mid-stream). */
  failAfter?: number
}

/**
 * Holds the fake's next answer until the test releases it: a JSON answer is
 * not sent, a stream stops after its first piece. `reached` resolves once the
 * call is held (the platform is then waiting on the provider).
 */
export class ProviderHold {
  #reached = Promise.withResolvers<void>()
  #released = Promise.withResolvers<void>()
  /** Set when the caller closed the connection while it was held. */
  callerGone = false

  /** Resolves when a call is being held. */
  get reached() {
    return this.#reached.promise
  }

  /** Set by fail(): the held call drops its connection instead of answering. */
  failing = false

  /** Lets the held call finish. */
  release() {
    this.#released.resolve()
  }

  /** Ends the held call by dropping its connection (a provider failing mid-call). */
  fail() {
    this.failing = true
    this.#released.resolve()
  }

  /** Used by the fake: marks the call as held and waits for release() (or the caller going away). */
  async wait(res: ServerResponse) {
    this.#reached.resolve()
    const gone = new Promise<void>((resolve) =>
      res.once('close', () => {
        if (!res.writableFinished) this.callerGone = true
        resolve()
      })
    )
    await Promise.race([this.#released.promise, gone])
  }
}

/**
 * A loopback OpenAI-compatible Chat Completions server for the copilot tests:
 * JSON answers and SSE `chat.completion.chunk` streams (with the usage chunk and
 * `[DONE]`), with configurable pauses, a mid-stream connection drop, and an
 * answer held until the test releases it (`hold`).
 */
export class FakeChatProvider extends FakeProviderServer {
  script: ChatScript = { pieces: ['Focus on ', 'warm leads ', 'this week.'], delayMs: 0 }
  /** When set, the next call is held until released (see ProviderHold); cleared once used. */
  hold: ProviderHold | null = null

  /** Bodies of the Chat Completions calls received so far. */
  get calls() {
    return this.server.requests.filter((r) => r.path === '/v1/chat/completions').map((r) => r.body)
  }

  protected async handle(req: ReceivedRequest, res: ServerResponse) {
    if (req.headers.authorization !== `Bearer ${this.apiKey}`) {
      return sendJson(res, 401, { error: { message: 'Incorrect API key provided.' } })
    }
    const text = this.script.pieces.join('')
    const usage = { prompt_tokens: 50, completion_tokens: 12, total_tokens: 62 }
    const base = { id: 'chatcmpl-fake', created: 1_764_000_000, model: req.body.model }
    const hold = this.hold
    this.hold = null
    if (!req.body.stream) {
      await hold?.wait(res)
      if (hold?.failing) res.destroy()
      if (res.destroyed) return
      return sendJson(res, 200, {
        ...base,
        object: 'chat.completion',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: text, refusal: null },
            finish_reason: 'stop',
          },
        ],
        usage,
      })
    }
    const chunk = (delta: Record<string, unknown>, finish: string | null, extra = {}) =>
      `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
    res.write(chunk({ role: 'assistant', content: '' }, null))
    for (const [index, piece] of this.script.pieces.entries()) {
      if (this.script.failAfter !== undefined && index >= this.script.failAfter) {
        res.destroy()
        return
      }
      if (this.script.delayMs)
        await new Promise((resolve) => setTimeout(resolve, this.script.delayMs))
      res.write(chunk({ content: piece }, null))
      if (index === 0 && hold) {
        await hold.wait(res)
        if (hold.failing) res.destroy()
        if (res.destroyed) return
      }
    }
    res.write(chunk({}, 'stop'))
    res.write(
      `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [], usage })}\n\n`
    )
    res.write('data: [DONE]\n\n')
    res.end()
  }
}
