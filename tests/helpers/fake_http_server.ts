import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One request a fake server received. */
export interface ReceivedRequest {
  method: string
  /** Path without the query string. */
  path: string
  query: URLSearchParams
  headers: IncomingMessage['headers']
  body: any
}

/** Handles one request of a fake; `request.body` is the parsed JSON body (or null). */
export type FakeHandler = (
  request: ReceivedRequest,
  response: ServerResponse
) => void | Promise<void>

/**
 * A loopback HTTP server for provider fakes: records every request (method,
 * path, query, headers, JSON body) and answers through the fake's handler.
 */
export class FakeHttpServer {
  readonly requests: ReceivedRequest[] = []
  #server = createServer((req, res) => this.#handle(req, res))
  #origin = ''

  constructor(private handler: FakeHandler) {}

  /** Listens on 127.0.0.1 on a free port. */
  async start() {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve))
    const { port } = this.#server.address() as AddressInfo
    this.#origin = `http://127.0.0.1:${port}`
    return this
  }

  /** `http://127.0.0.1:<port>` */
  get origin() {
    return this.#origin
  }

  async close() {
    this.#server.closeAllConnections()
    await new Promise<void>((resolve) => this.#server.close(() => resolve()))
  }

  /** The last request whose path matches. */
  last(path?: RegExp) {
    return [...this.requests].reverse().find((r) => !path || path.test(r.path))
  }

  async #handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const raw = Buffer.concat(chunks).toString('utf8')
    const url = new URL(req.url ?? '/', this.#origin)
    let body: any = null
    if (raw) {
      try {
        body = JSON.parse(raw)
      } catch {
        body = raw
      }
    }
    const request: ReceivedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
    }
    this.requests.push(request)
    try {
      await this.handler(request, res)
    } catch (error) {
      sendJson(res, 500, { error: { message: (error as Error).message } })
    }
  }
}

/** Writes a JSON response. */
export function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

/** Writes a server-sent events response: each item is `[event name or null, data]`. */
export function sendSse(res: ServerResponse, events: Array<[string | null, unknown]>) {
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    'connection': 'keep-alive',
  })
  for (const [event, data] of events) {
    const payload = typeof data === 'string' ? data : JSON.stringify(data)
    res.write(`${event ? `event: ${event}\n` : ''}data: ${payload}\n\n`)
  }
  res.end()
}

/** Splits a text into SSE deltas of a few characters (their concatenation is the text). */
export function deltas(text: string, size = 7) {
  const parts: string[] = []
  for (let index = 0; index < text.length; index += size)
    parts.push(text.slice(index, index + size))
  return parts
}

/**
 * What a fake answers next: a text (also used as the JSON of structured
 * output), an HTTP failure, and the token counts it reports.
 */
export interface FakeScript {
  text: string
  failStatus?: number
  inputTokens: number
  outputTokens: number
}

/** A default script: a fixed reply with known token counts. */
export function defaultScript(provider: string): FakeScript {
  return { text: `Reply from the ${provider} fake.`, inputTokens: 1200, outputTokens: 300 }
}

/** A deterministic vector of `dimensions` numbers for a text (fake embeddings). */
export function fakeVector(text: string, dimensions: number) {
  return Array.from({ length: dimensions }, (_, index) => ((text.length + index) % 10) / 10)
}

/**
 * The skeleton every provider fake shares: its recording server, the API key
 * it accepts, start() and the base URL to configure (the provider's
 * `*_BASE_URL`). A subclass answers in its provider's wire format in handle().
 */
export abstract class FakeProviderServer {
  readonly server = new FakeHttpServer((req, res) => this.handle(req, res))

  constructor(
    readonly apiKey: string,
    private basePath = '/v1'
  ) {}

  async start(): Promise<this> {
    await this.server.start()
    return this
  }

  /** Base URL to configure (e.g. OPENAI_BASE_URL). */
  get baseUrl() {
    return `${this.server.origin}${this.basePath}`
  }

  /** Answers one request as the provider would. */
  protected abstract handle(req: ReceivedRequest, res: ServerResponse): void | Promise<void>
}
