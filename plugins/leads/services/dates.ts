import { ISO_DATE } from '../validators/lead_validator.js'

/**
 * An ISO 8601 date or date-time that PostgreSQL can store and that names a
 * real calendar day (2026-02-30 does not exist; year 0000 is out of range),
 * or null. Every date a client sends to the leads plugin goes through it, so a
 * bad date answers 422 instead of failing later in SQL.
 */
export function parseClientDate(value: string): Date | null {
  const text = value.trim()
  if (!ISO_DATE.test(text)) return null
  const day = text.slice(0, 10)
  const year = Number(day.slice(0, 4))
  if (year < 1900 || year > 2999) return null
  const midnight = new Date(`${day}T00:00:00Z`)
  if (Number.isNaN(midnight.getTime()) || !midnight.toISOString().startsWith(day)) return null
  const date = new Date(text.replace(' ', 'T'))
  return Number.isNaN(date.getTime()) ? null : date
}
