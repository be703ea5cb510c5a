/** One server-sent event as received. */
export interface ReceivedEvent {
  event: string
  data: any
  /** Milliseconds since the request was sent. */
  at: number
}

/** A raw streamed response: status, headers, the exact bytes and the parsed events. */
export interface StreamedResponse {
  status: number
  contentType: string | null
  headers: Headers
  raw: string
  events: ReceivedEvent[]
}

/**
 * Sends a request with `Accept: text/event-stream` over a real socket and reads
 * the raw body chunk by chunk (with the bearer `token`, or none for embed
 * routes, which take their key in a header), timestamping each event when its bytes arrive
 * (so tests can tell a stream from a buffered answer).
 */
export async function readEventStream(
  path: string,
  init: { token?: string; body: unknown; headers?: Record<string, string> }
): Promise<StreamedResponse> {
  const started = Date.now()
  const response = await fetch(`http://${process.env.HOST}:${process.env.PORT}${path}`, {
    method: 'POST',
    headers: {
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      'content-type': 'application/json',
      'accept': 'text/event-stream',
      ...init.headers,
    },
    body: JSON.stringify(init.body),
  })
  const decoder = new TextDecoder()
  const events: ReceivedEvent[] = []
  let raw = ''
  let pending = ''
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    const text = decoder.decode(chunk, { stream: true })
    raw += text
    pending += text
    let boundary = pending.indexOf('\n\n')
    while (boundary !== -1) {
      const block = pending.slice(0, boundary)
      pending = pending.slice(boundary + 2)
      const event = parseBlock(block)
      if (event) events.push({ ...event, at: Date.now() - started })
      boundary = pending.indexOf('\n\n')
    }
  }
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    headers: response.headers,
    raw,
    events,
  }
}

function parseBlock(block: string) {
  let event = 'message'
  const data: string[] = []
  for (const line of block.split('\n')) {
    if (line.startsWith('event: ')) event = line.slice(7)
    else if (line.startsWith('data: ')) data.push(line.slice(6))
  }
  if (!data.length) return null
  const text = data.join('\n')
  try {
    return { event, data: JSON.parse(text) }
  } catch {
    return { event, data: text }
  }
}
