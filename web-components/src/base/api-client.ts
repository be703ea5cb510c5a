import createClient, { type Client } from 'openapi-fetch'
import type { components, paths } from '../api/embed-schema.js'

/** The embed API's paths: only operations secured by a publishable key exist here. */
export type EmbedPaths = paths

/** An RFC 9457 problem as the platform sends it (422s carry per-field `errors`). */
export type Problem = components['schemas']['Problem'] & {
  errors?: components['schemas']['ValidationProblem']['errors']
}

/**
 * A refused or failed call, typed: the HTTP status (0 when the network or
 * CORS failed), the problem+json the platform sent, and its field errors.
 */
export class EmbedApiError extends Error {
  readonly status: number
  readonly problem: Problem | null

  constructor(status: number, problem: Problem | null) {
    super(problem?.detail ?? problem?.title ?? (status ? `HTTP ${status}` : 'Network error'))
    this.name = 'EmbedApiError'
    this.status = status
    this.problem = problem
  }

  /** Validation errors of a 422, by field path (`fields.email`, `message`, …). */
  get fieldErrors(): { field: string; message: string; rule: string }[] {
    return this.problem?.errors ?? []
  }
}

/** What a client needs: the platform origin, the publishable key, optional session and locale. */
export interface EmbedClientOptions {
  baseUrl: string
  key: string
  /** Embed session token minted by the host's backend; sent as `Authorization: Bearer`. */
  session?: string
  /** Language of the element, sent as `Accept-Language` (localised problems and content). */
  locale?: string
}

/** The typed client of the embed API (openapi-fetch over `embed-schema.d.ts`). */
export type EmbedClient = Client<EmbedPaths>

/**
 * Creates an openapi-fetch client for one platform origin and key: every
 * request carries `X-Embed-Key`, the session (when the element has one) and
 * `Accept-Language`, never cookies. Paths, bodies and responses are checked
 * at compile time against the embed-only subset of the OpenAPI document, so
 * an element cannot call a route that is not embeddable.
 */
export function createEmbedClient(options: EmbedClientOptions): EmbedClient {
  const headers: Record<string, string> = { 'X-Embed-Key': options.key }
  if (options.session) headers.Authorization = `Bearer ${options.session}`
  if (options.locale) headers['Accept-Language'] = options.locale
  return createClient<EmbedPaths>({ baseUrl: options.baseUrl, credentials: 'omit', headers })
}

/**
 * Awaits an openapi-fetch call and returns its data, or throws an
 * `EmbedApiError` carrying the status and the problem+json body (status 0 for
 * a network or CORS failure).
 */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>
): Promise<T> {
  let result: Awaited<typeof call>
  try {
    result = await call
  } catch {
    throw new EmbedApiError(0, null)
  }
  if (result.response.ok) return result.data as T
  const problem = result.error
  throw new EmbedApiError(
    result.response.status,
    problem && typeof problem === 'object' ? (problem as Problem) : null
  )
}
