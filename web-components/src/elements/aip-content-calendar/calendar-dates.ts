/*
| Civil-date arithmetic for the calendar views. A civil date is `YYYY-MM-DD`
| (a day on a wall calendar, no time zone); it is computed with UTC Date
| fields so that no host time zone leaks in. Instants from the API are mapped
| to civil dates in the viewer's time zone with Intl.
*/

const DAY_MS = 86_400_000

/** `YYYY-MM-DD` of a Date's UTC fields. */
export function civil(date: Date): string {
  return date.toISOString().slice(0, 10)
}

/** A civil date as a Date at 00:00 UTC. */
export function civilDate(day: string): Date {
  return new Date(`${day}T00:00:00Z`)
}

/** The civil date `count` days after `day` (negative: before). */
export function addDays(day: string, count: number): string {
  return civil(new Date(civilDate(day).getTime() + count * DAY_MS))
}

/** The same day `count` months later, clamped to the month's last day. */
export function addMonths(day: string, count: number): string {
  const date = civilDate(day)
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + count, 1))
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0))
  target.setUTCDate(Math.min(date.getUTCDate(), last.getUTCDate()))
  return civil(target)
}

/** Monday of the ISO week of `day`. */
export function startOfWeek(day: string): string {
  const weekday = (civilDate(day).getUTCDay() + 6) % 7
  return addDays(day, -weekday)
}

/** `YYYY-MM` of a civil date. */
export function monthKey(day: string): string {
  return day.slice(0, 7)
}

/** ISO week (`2026-W11`) of a civil date, as the API's `week` parameter takes it. */
export function isoWeekKey(day: string): string {
  const thursday = civilDate(addDays(startOfWeek(day), 3))
  const year = thursday.getUTCFullYear()
  const firstThursday = civilDate(addDays(startOfWeek(`${year}-01-04`), 3))
  const week = 1 + Math.round((thursday.getTime() - firstThursday.getTime()) / (7 * DAY_MS))
  return `${year}-W${String(week).padStart(2, '0')}`
}

/** The weeks (rows of seven civil dates, Monday first) a month view shows. */
export function monthWeeks(day: string): string[][] {
  const first = `${monthKey(day)}-01`
  const last = addDays(addMonths(first, 1), -1)
  const weeks: string[][] = []
  for (let start = startOfWeek(first); start <= last; start = addDays(start, 7)) {
    weeks.push(Array.from({ length: 7 }, (_, index) => addDays(start, index)))
  }
  return weeks
}

/** The one week (seven civil dates, Monday first) a week view shows. */
export function weekDays(day: string): string[] {
  const start = startOfWeek(day)
  return Array.from({ length: 7 }, (_, index) => addDays(start, index))
}

const dayFormats = new Map<string, Intl.DateTimeFormat>()

/** The civil date of an instant in `zone`. */
export function dayIn(instant: string | Date, zone: string): string {
  let format = dayFormats.get(zone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    })
    dayFormats.set(zone, format)
  }
  const parts = Object.fromEntries(
    format.formatToParts(new Date(instant)).map((part) => [part.type, part.value])
  )
  return `${parts.year}-${parts.month}-${parts.day}`
}

/** The instant at which the wall-clock `day` `time` (`HH:MM`) happens in `zone`. */
export function zonedInstant(day: string, time: string, zone: string): Date {
  const wall = new Date(`${day}T${time}:00Z`)
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  })
  const offsetAt = (instant: Date) => {
    const parts = Object.fromEntries(
      format.formatToParts(instant).map((part) => [part.type, part.value])
    )
    const local = Date.UTC(
      Number(parts.year),
      Number(parts.month) - 1,
      Number(parts.day),
      Number(parts.hour),
      Number(parts.minute),
      Number(parts.second)
    )
    return local - instant.getTime()
  }
  const guess = new Date(wall.getTime() - offsetAt(wall))
  return new Date(wall.getTime() - offsetAt(guess))
}
