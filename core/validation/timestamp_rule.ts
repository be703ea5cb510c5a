import vine from '@vinejs/vine'

/** ISO 8601 date-time with an explicit zone, e.g. `2026-01-31T12:00:00Z` or `…+02:00`. */
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/

/** Rejects strings shaped like timestamps that are not real instants (2026-02-31…). */
const realInstant = vine.createRule((value, _options, field) => {
  if (typeof value !== 'string') return
  const time = Date.parse(value)
  const year = Number(value.slice(0, 4))
  const [month, day] = [Number(value.slice(5, 7)), Number(value.slice(8, 10))]
  const calendar = new Date(Date.UTC(year, month - 1, day))
  if (
    Number.isNaN(time) ||
    calendar.getUTCMonth() !== month - 1 ||
    calendar.getUTCDate() !== day ||
    year < 1970 ||
    year > 9999
  ) {
    field.report('The {{ field }} field must be a valid date-time', 'timestamp', field)
  }
})

/**
 * A query or body field holding an ISO 8601 date-time with a time zone, checked
 * to be a real instant, so it never reaches PostgreSQL malformed.
 */
export function isoTimestamp() {
  return vine.string().regex(ISO_TIMESTAMP).use(realInstant())
}
