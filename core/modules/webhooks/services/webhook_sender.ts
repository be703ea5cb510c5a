import http from 'node:http'
import https from 'node:https'
import { deliveryAgent } from '#sdk'

/** Characters of the response body kept in the delivery log. */
export const RESPONSE_EXCERPT_CHARS = 2048

/** What one HTTP attempt produced. */
export interface SendResult {
  /** A 2xx answer. Redirects are not followed and count as failures. */
  succeeded: boolean
  statusCode: number | null
  durationMs: number
  error: string | null
  responseExcerpt: string | null
}

/**
 * POSTs a signed webhook body to `url` through the SSRF-filtering agent, with
 * a total time limit and a cap on the response bytes read. Never throws:
 * network errors, refusals and timeouts come back as a failed result.
 */
export function sendWebhook(input: {
  url: string
  body: string
  headers: Record<string, string>
  timeoutMs: number
  maxResponseBytes: number
}): Promise<SendResult> {
  const started = performance.now()
  const elapsed = () => Math.round(performance.now() - started)
  return new Promise((resolve) => {
    let settled = false
    let statusCode: number | null = null
    const chunks: Buffer[] = []
    let received = 0
    let timer: ReturnType<typeof setTimeout> | undefined
    const finish = (error: string | null) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      const excerpt = chunks.length
        ? Buffer.concat(chunks)
            .toString('utf8')
            .replaceAll('\u0000', '')
            .slice(0, RESPONSE_EXCERPT_CHARS)
        : null
      const succeeded =
        error === null && statusCode !== null && statusCode >= 200 && statusCode < 300
      resolve({
        succeeded,
        statusCode,
        durationMs: elapsed(),
        error:
          error ??
          (succeeded ? null : `The endpoint answered HTTP ${statusCode ?? 'without a status'}`),
        responseExcerpt: excerpt,
      })
    }

    let request: http.ClientRequest
    try {
      const transport = input.url.startsWith('https:') ? https : http
      request = transport.request(input.url, {
        method: 'POST',
        agent: deliveryAgent(input.url),
        headers: {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(input.body)),
          'user-agent': 'ActionInsightPilot-Webhooks/1',
          ...input.headers,
        },
      })
    } catch (error) {
      finish(`The request could not be made: ${(error as Error).message}`)
      return
    }
    timer = setTimeout(() => {
      finish(`Timed out after ${input.timeoutMs} ms`)
      request.destroy()
    }, input.timeoutMs)

    request.on('response', (response) => {
      statusCode = response.statusCode ?? null
      response.on('data', (chunk: Buffer) => {
        if (received >= input.maxResponseBytes) return
        const room = input.maxResponseBytes - received
        const kept = chunk.length > room ? chunk.subarray(0, room) : chunk
        chunks.push(kept)
        received += kept.length
        // Enough read: stop downloading the rest (the status is what counts).
        if (received >= input.maxResponseBytes) {
          response.destroy()
          finish(null)
        }
      })
      response.on('end', () => finish(null))
      response.on('error', (error) => finish(statusCode ? null : error.message))
      response.on('close', () => finish(null))
    })
    request.on('error', (error) => finish(error.message))
    request.end(input.body)
  })
}
