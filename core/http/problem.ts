import { Exception } from '@adonisjs/core/exceptions'

/** Base of the platform's problem type URIs (RFC 9457 `type`, a URI reference relative to the API). */
export const PROBLEM_BASE = '/problems/'

/** One invalid field in a 422 problem. */
export interface FieldError {
  field: string
  message: string
  rule: string
}

/**
 * An error that becomes an `application/problem+json` response (RFC 9457) with
 * a stable `type`. Throw it from anywhere in a request.
 */
export class Problem extends Exception {
  readonly type: string
  readonly title: string
  readonly errors?: FieldError[]
  readonly headers?: Record<string, string>

  constructor(
    status: number,
    slug: string,
    title: string,
    detail?: string,
    extra: { errors?: FieldError[]; headers?: Record<string, string> } = {}
  ) {
    super(detail ?? title, { status, code: `E_${slug.toUpperCase().replaceAll('-', '_')}` })
    this.type = PROBLEM_BASE + slug
    this.title = title
    this.errors = extra.errors
    this.headers = extra.headers
  }

  /** 404: the resource does not exist or is not visible to the caller (also cross-tenant). */
  static notFound(what = 'Resource') {
    return new Problem(404, 'not-found', 'Not Found', `${what} not found`)
  }

  /** 401: missing, malformed, expired or revoked credential. */
  static unauthorized(detail = 'A valid bearer token or API key is required') {
    return new Problem(401, 'unauthorized', 'Unauthorized', detail, {
      headers: { 'WWW-Authenticate': 'Bearer' },
    })
  }

  /** 403: authenticated and inside the workspace, but not allowed to do this. */
  static forbidden(detail: string) {
    return new Problem(403, 'forbidden', 'Forbidden', detail)
  }

  /** 409: the request conflicts with the current state (duplicate, in use). */
  static conflict(detail: string) {
    return new Problem(409, 'conflict', 'Conflict', detail)
  }

  /** 422 for a single field, matching the shape of validation errors. */
  static invalidField(field: string, message: string, rule = 'invalid') {
    return new Problem(422, 'validation-error', 'Validation failed', message, {
      errors: [{ field, message, rule }],
    })
  }

  /** 400: the request cannot be read (malformed JSON, wrong content type). */
  static badRequest(detail: string) {
    return new Problem(400, 'bad-request', 'Bad Request', detail)
  }

  /** 429: rate limited. */
  static tooManyRequests(retryAfterSeconds: number) {
    return new Problem(
      429,
      'too-many-requests',
      'Too Many Requests',
      'Too many attempts, retry later',
      {
        headers: { 'Retry-After': String(retryAfterSeconds) },
      }
    )
  }
}
