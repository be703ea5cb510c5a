/** The day `days` after a YYYY-MM-DD day (UTC). */
export function addDays(day: string, days: number) {
  const date = new Date(`${day}T00:00:00Z`)
  date.setUTCDate(date.getUTCDate() + days)
  return date.toISOString().slice(0, 10)
}

/** Whole days from `from` to `to` (YYYY-MM-DD). */
export function daysBetween(from: string, to: string) {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

/** The first day of the month of `day`. */
export function monthStart(day: string) {
  return `${day.slice(0, 7)}-01`
}

/** Days left in the month of `day`, `day` included. */
export function daysLeftInMonth(day: string) {
  const date = new Date(`${day}T00:00:00Z`)
  const last = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate()
  return last - date.getUTCDate() + 1
}

/** Today in UTC (YYYY-MM-DD). */
export function utcToday(now = new Date()) {
  return now.toISOString().slice(0, 10)
}

/** The Monday of the week before the week of `day` (the last full week, Monday to Sunday). */
export function lastFullWeekStart(day: string) {
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7
  return addDays(day, -weekday - 7)
}
