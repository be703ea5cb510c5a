import http from 'node:http'
import https from 'node:https'
import { deliveryAgent, inspectOutboundUrl } from '#sdk'

/** Limits of competitor page fetches (tests may lower them). */
export const pageFetchSettings = { timeoutMs: 15_000, maxRedirects: 5, maxBytes: 2 * 1024 * 1024 }

/** A fetched page as text, or why it could not be fetched. */
export type FetchedPage =
  | { ok: true; url: string; status: number; text: string }
  | { ok: false; url: string; status: number | null; error: string }

/** Why inspectOutboundUrl refused a URL, in words. */
function refusal(check: Exclude<Awaited<ReturnType<typeof inspectOutboundUrl>>, { ok: true }>) {
  switch (check.reason) {
    case 'invalid':
      return 'The URL is not valid'
    case 'scheme':
      return 'Only http and https URLs'
    case 'credentials':
      return 'The URL must not contain credentials'
    case 'unresolved':
      return `The host "${check.host}" does not resolve`
    case 'private':
      return `The host resolves to ${check.address}, a private, loopback or link-local address that may not be fetched`
  }
}

/** Whether a URL passes the platform's SSRF guard (for request validation). */
export async function checkPageUrl(url: string): Promise<string | null> {
  const check = await inspectOutboundUrl(url)
  return check.ok ? null : refusal(check)
}

/** The readable text of an HTML page: no scripts, styles, tags or entities. */
export function htmlText(html: string) {
  return html
    .replace(/<(script|style|noscript|svg)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<\/(p|div|li|h[1-6]|section|article|br|tr)>/gi, '.\n')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/[ \t]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .replace(/(\.\s*){2,}/g, '. ')
    .trim()
}

/** One GET through the SSRF-filtering agent: a redirect target, or the body. */
function get(url: URL, deadline: number) {
  return new Promise<{ status: number; location?: string; type: string; body: string }>(
    (resolve, reject) => {
      const client = url.protocol === 'https:' ? https : http
      const request = client.get(
        url,
        {
          agent: deliveryAgent(url.toString()),
          headers: { 'accept': 'text/html, text/plain', 'user-agent': 'ActionInsightPilot/0.1' },
          timeout: Math.max(1, deadline - Date.now()),
        },
        (response) => {
          const status = response.statusCode ?? 0
          if (status >= 300 && status < 400 && response.headers.location) {
            response.resume()
            return resolve({ status, location: response.headers.location, type: '', body: '' })
          }
          const chunks: Buffer[] = []
          let size = 0
          response.on('data', (chunk: Buffer) => {
            size += chunk.length
            if (size > pageFetchSettings.maxBytes) {
              request.destroy(
                new Error(`The page is larger than ${pageFetchSettings.maxBytes} bytes`)
              )
              return
            }
            chunks.push(chunk)
          })
          response.on('end', () =>
            resolve({
              status,
              type: String(response.headers['content-type'] ?? '')
                .split(';')[0]
                .trim(),
              body: Buffer.concat(chunks).toString('utf8'),
            })
          )
          response.on('error', reject)
        }
      )
      request.on('timeout', () => request.destroy(new Error('The page did not answer in time')))
      request.on('error', reject)
    }
  )
}

/**
 * Fetches a competitor page as text: every hop (at most `maxRedirects`
 * redirects) checked by the platform's SSRF guard and connected through its
 * filtering agent (re-checked at connection time, against DNS rebinding),
 * bounded in size and time, HTML or plain text only. Never throws: a failure
 * is a readable error. Must run outside any database transaction.
 */
export async function fetchPage(rawUrl: string): Promise<FetchedPage> {
  const deadline = Date.now() + pageFetchSettings.timeoutMs
  let current = rawUrl
  try {
    for (let hop = 0; ; hop++) {
      const check = await inspectOutboundUrl(current)
      if (!check.ok) return { ok: false, url: current, status: null, error: refusal(check) }
      const response = await get(check.url, deadline)
      if (response.location) {
        if (hop >= pageFetchSettings.maxRedirects) {
          return { ok: false, url: current, status: response.status, error: 'Too many redirects' }
        }
        current = new URL(response.location, check.url).toString()
        continue
      }
      if (response.status >= 400) {
        return {
          ok: false,
          url: current,
          status: response.status,
          error: `HTTP ${response.status}`,
        }
      }
      if (response.type !== 'text/html' && response.type !== 'text/plain') {
        return {
          ok: false,
          url: current,
          status: response.status,
          error: `Not a web page (${response.type || 'no content type'})`,
        }
      }
      const text = response.type === 'text/html' ? htmlText(response.body) : response.body.trim()
      return { ok: true, url: current, status: response.status, text: text.slice(0, 200_000) }
    }
  } catch (error) {
    return {
      ok: false,
      url: current,
      status: null,
      error: (error as Error).message || 'The fetch failed',
    }
  }
}
