import type { Problem } from './api-client.js'

/** One server-sent event of a platform stream (`data` is JSON). */
export interface StreamEvent {
  event: string
  data: any
}

/** The outcome of opening a stream: the events, or the problem of a refused request. */
export type StreamResult =
  | { ok: true; events: AsyncGenerator<StreamEvent> }
  | { ok: false; status: number; problem: Problem | null }

/**
 * POSTs a JSON body with `Accept: text/event-stream` and reads the answer with
 * `fetch` (not EventSource: it cannot POST, send headers or run under a policy
 * without inline anything), yielding each event as it arrives. A refused
 * request (4xx/5xx before the first event) comes back as its problem; status 0
 * is a network failure. `headers` adds e.g. an embed session's Authorization.
 */
export async function postEventStream(options: {
  url: URL
  body: unknown
  locale?: string
  headers?: Record<string, string>
  signal?: AbortSignal
}): Promise<StreamResult> {
  let response: Response
  try {
    response = await fetch(options.url, {
      method: 'POST',
      credentials: 'omit',
      signal: options.signal,
      headers: {
        'Accept': 'text/event-stream',
        'Content-Type': 'application/json',
        ...(options.locale ? { 'Accept-Language': options.locale } : {}),
        ...options.headers,
      },
      body: JSON.stringify(options.body),
    })
  } catch {
    return { ok: false, status: 0, problem: null }
  }
  if (!response.ok || !response.body) {
    const problem = (await response.json().catch(() => null)) as Problem | null
    return { ok: false, status: response.status, problem }
  }
  if (!(response.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    // A JSON answer (e.g. an idempotent replay): one `done` event with the body.
    const body = await response.json().catch(() => null)
    return {
      ok: true,
      events: (async function* () {
        yield { event: 'done', data: body }
      })(),
    }
  }
  return { ok: true, events: readEvents(response.body) }
}

/** Parses a text/event-stream body into events (`event:` and `data:` lines, blank-line separated). */
async function* readEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<StreamEvent> {
  const reader = body.getReader()
  const decoder = new TextDecoder()
  let pending = ''
  for (;;) {
    const { value, done } = await reader.read()
    if (done) break
    pending += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n')
    let boundary = pending.indexOf('\n\n')
    while (boundary !== -1) {
      const event = parseBlock(pending.slice(0, boundary))
      pending = pending.slice(boundary + 2)
      if (event) yield event
      boundary = pending.indexOf('\n\n')
    }
  }
  const last = parseBlock(pending)
  if (last) yield last
}

function parseBlock(block: string): StreamEvent | null {
  let event = 'message'
  const data: string[] = []
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) event = line.slice(6).trim()
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''))
  }
  if (!data.length) return null
  try {
    return { event, data: JSON.parse(data.join('\n')) }
  } catch {
    return { event, data: data.join('\n') }
  }
}
