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
 * A loopback OpenAI-compatible Chat Completions server for the copilot tests:
 * JSON answers and SSE `chat.completion.chunk` streams (with the usage chunk and
 * `[DONE]`), with configurable pauses and a mid-stream connection drop.
 */
export class FakeChatProvider extends FakeProviderServer {
  script: ChatScript = { pieces: ['Focus on ', 'warm leads ', 'this week.'], delayMs: 0 }

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
    if (!req.body.stream) {
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
    }
    res.write(chunk({}, 'stop'))
    res.write(
      `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [], usage })}\n\n`
    )
    res.write('data: [DONE]\n\n')
    res.end()
  }
}
