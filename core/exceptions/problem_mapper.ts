import { Problem, type FieldError } from '#core/http/problem'

interface PgError {
  code?: string
  constraint?: string
  column?: string
  message?: string
}

/** PostgreSQL SQLSTATE codes that come from bad input, never from a server fault. */
const PG_PROBLEMS: Record<string, (error: PgError) => Problem> = {
  '23505': (error) =>
    Problem.conflict(
      `A record with the same unique value already exists (${error.constraint ?? 'unique'})`
    ),
  '23503': (error) =>
    error.message?.includes('update or delete')
      ? Problem.conflict('The record is still referenced by other records')
      : Problem.invalidField(
          error.constraint ?? 'reference',
          'The referenced record does not exist',
          'exists'
        ),
  '23514': (error) =>
    Problem.invalidField(
      error.constraint ?? 'check',
      error.message?.startsWith('a ')
        ? error.message
        : `Value violates ${error.constraint ?? 'a check constraint'}`,
      'check'
    ),
  '23502': (error) =>
    Problem.invalidField(
      error.column ?? 'field',
      `The ${error.column ?? ''} field is required`,
      'required'
    ),
  '22P02': () => Problem.badRequest('A value has an invalid format'),
  '22021': () =>
    Problem.badRequest('A text value contains a character PostgreSQL cannot store (NUL)'),
  '22P05': () =>
    Problem.badRequest('A text value contains a character PostgreSQL cannot store (NUL)'),
  '22001': () => Problem.badRequest('A value is too long'),
  '22003': () => Problem.badRequest('A number is out of range'),
  '22007': () => Problem.badRequest('A date or time has an invalid format'),
  '22008': () => Problem.badRequest('A date or time is out of range'),
  // Row level security refused a write: the target is outside the caller's tenant.
  '42501': () => Problem.notFound(),
}

/**
 * Errors that mean the database cannot be reached right now (server down or
 * restarting, connection lost, pool exhausted while it is down): the request
 * may succeed later, so they answer 503 `database-unavailable` with
 * Retry-After rather than an opaque 500.
 */
const DB_UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down)
  '08000',
  '08001',
  '08003',
  '08006',
  '53300', // too_many_connections
])
const DB_UNAVAILABLE_MESSAGES = [
  /Connection terminated/i,
  /Timeout acquiring a connection/i,
  /Client has encountered a connection error/i,
  /the database system is (starting up|shutting down)/i,
]

/** Whether an error says that the database is unreachable (not that the query was wrong). */
export function isDatabaseUnavailable(error: unknown): boolean {
  const candidate = error as { code?: string; message?: string; cause?: unknown } | undefined
  if (!candidate || typeof candidate !== 'object') return false
  if (candidate.code && DB_UNAVAILABLE_CODES.has(candidate.code)) return true
  if (
    candidate.message &&
    DB_UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(candidate.message!))
  )
    return true
  return candidate.cause !== undefined && candidate.cause !== error
    ? isDatabaseUnavailable(candidate.cause)
    : false
}

/** Problem type and title of framework client errors, by status. */
const CLIENT_ERROR_TITLES: Record<number, [string, string]> = {
  404: ['not-found', 'Not Found'],
  405: ['method-not-allowed', 'Method Not Allowed'],
  413: ['payload-too-large', 'Payload Too Large'],
  415: ['unsupported-media-type', 'Unsupported Media Type'],
  422: ['validation-error', 'Validation failed'],
}

/**
 * Turns any error raised while serving a request into a Problem. Known client
 * errors keep their status; database errors caused by input are mapped by
 * SQLSTATE; anything else is an opaque 500 (details go to the log only).
 */
export function toProblem(error: unknown): Problem {
  if (error instanceof Problem) return error
  const candidate = error as {
    status?: number
    code?: string
    messages?: unknown
    message?: string
  }

  if (candidate?.code === 'E_VALIDATION_ERROR' && Array.isArray(candidate.messages)) {
    const errors: FieldError[] = (candidate.messages as FieldError[]).map((item) => ({
      field: item.field,
      message: item.message,
      rule: item.rule,
    }))
    return new Problem(
      422,
      'validation-error',
      'Validation failed',
      'The request has invalid fields',
      {
        errors,
      }
    )
  }
  if (candidate?.code === 'E_ROUTE_NOT_FOUND') {
    return new Problem(404, 'not-found', 'Not Found', 'No route matches this method and path')
  }
  if (candidate?.code === 'E_ROW_NOT_FOUND') return Problem.notFound()
  if (candidate?.code === 'E_TOO_MANY_REQUESTS') {
    const headers = (error as { response?: { availableIn?: number } }).response
    return Problem.tooManyRequests(headers?.availableIn ?? 60)
  }
  if (isDatabaseUnavailable(error)) {
    return new Problem(
      503,
      'database-unavailable',
      'Service Unavailable',
      'The database is unavailable; retry later',
      { headers: { 'Retry-After': '5' } }
    )
  }
  if (candidate?.code && PG_PROBLEMS[candidate.code]) {
    return PG_PROBLEMS[candidate.code](candidate as PgError)
  }
  const status = typeof candidate?.status === 'number' ? candidate.status : 500
  if (status >= 400 && status < 500) {
    // Body parser and other framework client errors (malformed JSON, too large).
    const [slug, title] = CLIENT_ERROR_TITLES[status] ?? ['bad-request', 'Bad Request']
    return new Problem(status, slug, title, clientErrorDetail(error, title))
  }
  return new Problem(500, 'internal-error', 'Internal Server Error', 'An unexpected error occurred')
}

/**
 * The detail of a framework client error. Messages written for clients are
 * kept: the framework's own exceptions (`E_…` codes) and HTTP errors marked
 * `expose`. Anything else (a JSON parser's message, a RangeError from deep
 * inside a library) stays in the log, never in the response.
 */
function clientErrorDetail(error: unknown, title: string): string {
  const candidate = error as { code?: unknown; expose?: unknown; message?: unknown }
  if (error instanceof SyntaxError) return 'The request body is not valid JSON'
  const written =
    (typeof candidate.code === 'string' && candidate.code.startsWith('E_')) ||
    candidate.expose === true
  return written && typeof candidate.message === 'string' ? candidate.message : title
}
