import rrulePackage from 'rrule'
import { Problem } from '#sdk'

const { RRule } = rrulePackage

/** Most occurrences a rule with COUNT may have. */
const MAX_COUNT = 1000
/** Most occurrences of one entry listed in one range. */
export const MAX_OCCURRENCES_PER_RANGE = 500

const formatters = new Map<string, Intl.DateTimeFormat>()

/** Whether `zone` is an IANA time zone this runtime knows. */
export function isTimeZone(zone: string) {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

function formatter(zone: string) {
  let format = formatters.get(zone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    formatters.set(zone, format)
  }
  return format
}

/** The wall-clock time of `instant` in `zone`, as a Date whose UTC fields hold it. */
export function wallTime(instant: Date, zone: string): Date {
  const parts = Object.fromEntries(
    formatter(zone)
      .formatToParts(instant)
      .map((part) => [part.type, part.value])
  )
  return new Date(
    Date.UTC(
      Number(parts.year),
      Number(parts.month) - 1,
      Number(parts.day),
      Number(parts.hour),
      Number(parts.minute),
      Number(parts.second),
      instant.getUTCMilliseconds()
    )
  )
}

/** The instant at which the wall-clock time `wall` (UTC fields) happens in `zone`. */
export function zonedInstant(wall: Date, zone: string): Date {
  const offsetAt = (instant: Date) => wallTime(instant, zone).getTime() - instant.getTime()
  const guess = new Date(wall.getTime() - offsetAt(wall))
  return new Date(wall.getTime() - offsetAt(guess))
}

/** A rule as stored: upper-case, without a leading `RRULE:`. */
export function normalizeRule(rule: string) {
  return rule
    .trim()
    .replace(/^RRULE:/i, '')
    .toUpperCase()
}

/**
 * Checks a recurrence rule (RFC 5545 RRULE, the entry's scheduled date is its
 * DTSTART) and returns the last occurrence, or null when it never ends.
 * A 422 names what is wrong: DTSTART or TZID inside the rule, a frequency
 * finer than daily, a COUNT over 1,000, a rule that cannot be read.
 */
export function checkRule(rule: string, start: Date, zone: string): { until: Date | null } {
  const text = normalizeRule(rule)
  if (/DTSTART|TZID/.test(text)) {
    throw Problem.invalidField(
      'recurrence_rule',
      'Give the rule without DTSTART or TZID: the scheduled date and time_zone are its start',
      'rrule'
    )
  }
  let options
  try {
    options = RRule.parseString(text)
  } catch {
    throw Problem.invalidField('recurrence_rule', 'The recurrence rule cannot be read', 'rrule')
  }
  if (options.freq === undefined) {
    throw Problem.invalidField('recurrence_rule', 'The recurrence rule needs a FREQ', 'rrule')
  }
  if (![RRule.YEARLY, RRule.MONTHLY, RRule.WEEKLY, RRule.DAILY].includes(options.freq)) {
    throw Problem.invalidField(
      'recurrence_rule',
      'Recurrence can be DAILY, WEEKLY, MONTHLY or YEARLY',
      'rrule'
    )
  }
  if (options.count !== undefined && options.count !== null && options.count > MAX_COUNT) {
    throw Problem.invalidField('recurrence_rule', `COUNT may be at most ${MAX_COUNT}`, 'rrule')
  }
  const compiled = compile(text, start, zone)
  if (options.until) return { until: options.until }
  if (options.count) {
    const all = compiled.all()
    const last = all[all.length - 1]
    return { until: last ? zonedInstant(last, zone) : start }
  }
  return { until: null }
}

function compile(rule: string, start: Date, zone: string) {
  const options = RRule.parseString(normalizeRule(rule))
  // rrule works on "floating" times: the wall clock in the entry's zone.
  return new RRule({ ...options, dtstart: wallTime(start, zone) })
}

/**
 * The occurrences of a recurring entry in [from, to): the rule is expanded
 * on the wall clock of the entry's time zone, then each occurrence is turned
 * back into an instant, so 09:00 stays 09:00 across a DST change.
 */
export function occurrencesBetween(
  rule: string,
  start: Date,
  zone: string,
  from: Date,
  to: Date
): Date[] {
  const compiled = compile(rule, start, zone)
  const day = 86_400_000
  const walls = compiled.between(
    new Date(wallTime(from, zone).getTime() - day),
    new Date(wallTime(to, zone).getTime() + day),
    true
  )
  return walls
    .map((wall) => zonedInstant(wall, zone))
    .filter((instant) => instant >= from && instant < to)
    .slice(0, MAX_OCCURRENCES_PER_RANGE)
}

/**
 * The UTC range of a query: `from`/`to`, a `month` (YYYY-MM) or an ISO
 * `week` (YYYY-Www), month and week read in `zone`. At most 93 days.
 */
export function resolveRange(
  query: { from?: string; to?: string; month?: string; week?: string },
  zone: string
): { from: Date; to: Date } {
  let from: Date
  let to: Date
  if (query.month) {
    const [year, month] = query.month.split('-').map(Number)
    from = zonedInstant(new Date(Date.UTC(year, month - 1, 1)), zone)
    to = zonedInstant(new Date(Date.UTC(year, month, 1)), zone)
  } else if (query.week) {
    const [year, week] = query.week.split('-W').map(Number)
    // ISO week 1 holds January 4th; weeks start on Monday.
    const jan4 = new Date(Date.UTC(year, 0, 4))
    const monday = new Date(jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * 86_400_000)
    const start = new Date(monday.getTime() + (week - 1) * 7 * 86_400_000)
    from = zonedInstant(start, zone)
    to = zonedInstant(new Date(start.getTime() + 7 * 86_400_000), zone)
  } else if (query.from && query.to) {
    from = new Date(query.from)
    to = new Date(query.to)
  } else {
    throw Problem.invalidField('from', 'Give from and to, a month or a week', 'required')
  }
  if (to <= from) throw Problem.invalidField('to', 'to must be after from', 'after')
  if (to.getTime() - from.getTime() > 93 * 86_400_000) {
    throw Problem.invalidField('to', 'A range may span at most 93 days', 'max_range')
  }
  return { from, to }
}
