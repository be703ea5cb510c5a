import vine from '@vinejs/vine'

const DATE = /^\d{4}-\d{2}-\d{2}$/
const DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2}))?$/

/** Whether YYYY-MM-DD names a day that exists (2026-02-30 does not). */
function realDay(value: string) {
  const day = value.slice(0, 10)
  const parsed = new Date(`${day}T00:00:00Z`)
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(day)
}

const realCalendarDate = vine.createRule((value, _options, field) => {
  if (typeof value !== 'string') return
  const year = Number(value.slice(0, 4))
  if (!realDay(value) || year < 1900 || year > 2999 || Number.isNaN(Date.parse(value))) {
    field.report('The {{ field }} field must be a real date', 'date', field)
  }
})

/**
 * A calendar day `YYYY-MM-DD`, kept as a string (VineJS dates have no useful
 * JSON Schema for the OpenAPI document).
 */
export function calendarDay() {
  return vine.string().regex(DATE).use(realCalendarDate())
}

/** An ISO 8601 date or date-time with offset (`2026-05-01` or `2026-05-01T09:00:00Z`). */
export function isoDateTime() {
  return vine.string().regex(DATE_TIME).use(realCalendarDate())
}

/** `?x=true|false` in a query string. */
export function queryBoolean() {
  return vine.enum(['true', 'false'] as const)
}
