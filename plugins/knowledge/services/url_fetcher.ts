import http from 'node:http'
import https from 'node:https'
import { deliveryAgent, inspectOutboundUrl } from '#sdk'
import { ExtractionError } from './extraction/extraction_error.js'
import { URL_CONTENT_TYPES, type KnowledgeFileType } from './extraction/file_types.js'

/** Limits of URL imports besides the size (KNOWLEDGE_MAX_FILE_BYTES); tests may lower them. */
export const urlFetchSettings = {
  /** Total time for the download, redirects included. */
  timeoutMs: 20_000,
  maxRedirects: 5,
}

/** A downloaded document. */
export interface FetchedDocument {
  /** The URL that finally answered (after redirects). */
  finalUrl: string
  bytes: Buffer
  type: KnowledgeFileType
  /** The media type the server declared, without parameters. */
  mimeType: string
  /** File name from Content-Disposition or the last path segment. */
  fileName: string | null
}

/**
 * Checks a URL before anything is requested: http or https, no credentials,
 * and (resolving the host) only public addresses unless the platform's
 * private-target allow list (WEBHOOK_ALLOWED_PRIVATE_TARGETS, shared with
 * webhooks) permits them. Throws ExtractionError with the reason.
 */
async function checkImportUrl(rawUrl: string): Promise<URL> {
  const check = await inspectOutboundUrl(rawUrl)
  if (check.ok) return check.url
  switch (check.reason) {
    case 'invalid':
      throw new ExtractionError('The URL is not valid')
    case 'scheme':
      throw new ExtractionError('Only http and https URLs can be imported')
    case 'credentials':
      throw new ExtractionError('The URL must not contain credentials')
    case 'unresolved':
      throw new ExtractionError(`The host "${check.host}" does not resolve`)
    case 'private':
      throw new ExtractionError(
        `The URL's host resolves to ${check.address}, a private, loopback or link-local address that imports may not reach`
      )
  }
}

/**
 * Downloads a document for a URL import: every hop (redirects included, at
 * most `maxRedirects`) is checked by checkImportUrl and connected through the
 * SSRF-filtering agent (which re-checks the address at connection time,
 * against DNS rebinding); the body is streamed and abandoned past `maxBytes`;
 * the whole download has a time limit; only the media types of
 * URL_CONTENT_TYPES are accepted. Failures are ExtractionErrors with a
 * readable reason.
 */
export async function fetchDocument(rawUrl: string, maxBytes: number): Promise<FetchedDocument> {
  const deadline = Date.now() + urlFetchSettings.timeoutMs
  let current = rawUrl
  for (let hop = 0; ; hop++) {
    const url = await checkImportUrl(current)
    const response = await request(url, maxBytes, deadline)
    if (response.redirect) {
      if (hop >= urlFetchSettings.maxRedirects) {
        throw new ExtractionError(
          `The URL redirects more than ${urlFetchSettings.maxRedirects} times`
        )
      }
      current = new URL(response.redirect, url).toString()
      continue
    }
    return { ...response.document!, finalUrl: url.toString() }
  }
}

interface HopResult {
  redirect?: string
  document?: Omit<FetchedDocument, 'finalUrl'>
}

function request(url: URL, maxBytes: number, deadline: number): Promise<HopResult> {
  return new Promise((resolve, reject) => {
    let settled = false
    const fail = (message: string) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      req.destroy()
      reject(new ExtractionError(message))
    }
    const remaining = Math.max(1, deadline - Date.now())
    const timer = setTimeout(
      () => fail(`The download timed out after ${urlFetchSettings.timeoutMs} ms`),
      remaining
    )
    const transport = url.protocol === 'https:' ? https : http
    const req = transport.get(url, {
      agent: deliveryAgent(url.toString()),
      headers: {
        'accept':
          'text/html, text/markdown, text/plain, application/pdf, application/vnd.openxmlformats-officedocument.wordprocessingml.document;q=0.9, */*;q=0.1',
        'user-agent': 'ActionInsightPilot-Knowledge/1',
      },
    })
    req.on('error', (error) => fail(readableNetworkError(error)))
    req.on('response', (response) => {
      const status = response.statusCode ?? 0
      if ([301, 302, 303, 307, 308].includes(status)) {
        const location = response.headers.location
        response.resume()
        if (!location) return fail(`The server answered HTTP ${status} without a Location`)
        settled = true
        clearTimeout(timer)
        req.destroy()
        return resolve({ redirect: location })
      }
      if (status < 200 || status >= 300) {
        response.resume()
        return fail(`The server answered HTTP ${status}`)
      }
      const mimeType = (response.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase()
      const type = URL_CONTENT_TYPES[mimeType]
      if (!type) {
        response.resume()
        return fail(
          `The URL serves ${mimeType || 'an undeclared content type'}, which cannot be imported (HTML, plain text, markdown, PDF or DOCX)`
        )
      }
      const declared = Number(response.headers['content-length'])
      if (Number.isFinite(declared) && declared > maxBytes) {
        return fail(`The document is larger than the limit of ${maxBytes} bytes`)
      }
      const chunks: Buffer[] = []
      let received = 0
      response.on('data', (chunk: Buffer) => {
        received += chunk.length
        if (received > maxBytes) {
          fail(`The document is larger than the limit of ${maxBytes} bytes`)
          return
        }
        chunks.push(chunk)
      })
      response.on('error', (error) => fail(readableNetworkError(error)))
      response.on('aborted', () => fail('The server closed the connection before the end'))
      response.on('end', () => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        resolve({
          document: {
            bytes: Buffer.concat(chunks),
            type,
            mimeType,
            fileName: fileNameOf(url, response.headers['content-disposition']),
          },
        })
      })
    })
  })
}

function readableNetworkError(error: Error & { code?: string }) {
  if (/private IP address|is not allowed/i.test(error.message)) {
    return `The URL's host is a private, loopback or link-local address that imports may not reach (${error.message})`
  }
  if (error.code === 'ECONNREFUSED') return 'The server refused the connection'
  if (error.code === 'ENOTFOUND') return 'The host does not resolve'
  return `The download failed: ${error.message}`
}

function fileNameOf(url: URL, disposition: string | undefined): string | null {
  const fromHeader = disposition && /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1]
  const name = fromHeader
    ? decodeURIComponentSafe(fromHeader)
    : decodeURIComponentSafe(url.pathname.split('/').filter(Boolean).pop() ?? '')
  const cleaned = [...name]
    .filter((char) => char > '\u001f' && char !== '/' && char !== '\\')
    .join('')
    .trim()
  return cleaned ? cleaned.slice(0, 255) : null
}

function decodeURIComponentSafe(value: string) {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}
