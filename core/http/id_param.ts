import { Problem } from '#core/http/problem'

/** A UUID in its canonical text form (any version): the one UUID pattern of the platform. */
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Whether `value` is a UUID in its canonical text form. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value)
}

/**
 * The route parameter `name` (default `id`) once it is a UUID. Anything else
 * is a 404 naming `resource`, the same answer as for a row that does not
 * exist, so a malformed id never reaches SQL.
 */
export function idParam(params: Record<string, unknown>, resource?: string, name = 'id'): string {
  const value = params[name]
  if (!isUuid(value)) throw Problem.notFound(resource)
  return value
}
