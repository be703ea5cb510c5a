import { createHash, randomBytes } from 'node:crypto'
import { appUrl, keysetPage, NEWEST_FIRST, tenant, withService } from '#sdk'
import { createEvents, type EventAttributes } from 'ics'
import { calendarFeedResource } from './calendar_feed_resource.js'
import { calendarEntryResource, type CalendarEntryRow } from './calendar_entry_resource.js'
import { occurrencesBetween } from './recurrence.js'

/** A feed token: 32 random bytes, base64url (unguessable). */
const TOKEN = /^[A-Za-z0-9_-]{43}$/
const DAY = 86_400_000
/** The window a feed lists: 90 days back, a year ahead. */
const PAST_DAYS = 90
const FUTURE_DAYS = 365
/** Most events in one feed. */
const MAX_EVENTS = 5000

function hashToken(token: string) {
  return createHash('sha256').update(token).digest('hex')
}

/** The subscription URL of a feed token. */
function feedUrl(token: string) {
  return `${appUrl}/v1/content/calendar/feeds/${token}/calendar.ics`
}

/**
 * Creates an ICS feed of the workspace's calendar; the URL holds a token
 * shown once (only its hash is stored).
 */
export async function createFeed(name?: string) {
  const token = randomBytes(32).toString('base64url')
  const { trx, workspaceId, userId } = tenant()
  const [created] = await trx
    .insertQuery()
    .table('content_calendar_feeds')
    .insert({
      workspace_id: workspaceId,
      created_by: userId,
      name: name ?? 'Content calendar',
      token_hash: hashToken(token),
    })
    .returning([...calendarFeedResource.columns])
  return { ...created, url: feedUrl(token) }
}

/** A page of the workspace's feeds (never their tokens). */
export function listFeeds(query: { limit?: number; cursor?: string }) {
  return keysetPage(calendarFeedResource.query(), { ...query, ...NEWEST_FIRST })
}

/** Revokes a feed: its URL stops working at once. False when it does not exist. */
export async function revokeFeed(id: string) {
  const updated = await tenant()
    .trx.from('content_calendar_feeds')
    .where('id', id)
    .update({ revoked_at: tenant().trx.raw('coalesce(revoked_at, now())') })
  return Number(updated) > 0
}

function dateArray(date: Date): [number, number, number, number, number] {
  return [
    date.getUTCFullYear(),
    date.getUTCMonth() + 1,
    date.getUTCDate(),
    date.getUTCHours(),
    date.getUTCMinutes(),
  ]
}

function event(entry: CalendarEntryRow, at: Date, recurring: boolean): EventAttributes {
  return {
    uid: recurring ? `${entry.id}-${at.getTime()}@aip-content` : `${entry.id}@aip-content`,
    title: entry.title,
    description: [
      entry.description,
      entry.platform ? `Platform: ${entry.platform}` : null,
      `Type: ${entry.content_type}`,
    ]
      .filter(Boolean)
      .join('\n'),
    start: dateArray(at),
    startInputType: 'utc',
    startOutputType: 'utc',
    duration: { minutes: 30 },
    status:
      entry.status === 'draft'
        ? 'TENTATIVE'
        : entry.status === 'archived'
          ? 'CANCELLED'
          : 'CONFIRMED',
    categories: [entry.content_type],
    lastModified: dateArray(entry.updated_at),
    calName: 'Content calendar',
    productId: 'action-insight-pilot/content',
  }
}

/**
 * The iCalendar text of the feed with this token, or null for an unknown
 * or revoked token. Recurring entries are expanded into their occurrences
 * over the window (90 days back, a year ahead), each at its exact instant,
 * so calendar apps need no time-zone rules. Read as the platform: the token
 * is the authorisation, and the query names the feed's workspace.
 */
export async function feedCalendar(token: string): Promise<string | null> {
  if (!TOKEN.test(token)) return null
  return withService(async ({ trx }) => {
    const feed = await trx
      .from('content_calendar_feeds')
      .where('token_hash', hashToken(token))
      .whereNull('revoked_at')
      .first()
    if (!feed) return null
    await trx
      .from('content_calendar_feeds')
      .where('id', feed.id)
      .update({ last_used_at: new Date() })
    const now = Date.now()
    const from = new Date(now - PAST_DAYS * DAY)
    const to = new Date(now + FUTURE_DAYS * DAY)
    const entries: CalendarEntryRow[] = await calendarEntryResource
      .query(trx)
      .where('workspace_id', feed.workspace_id)
      .whereNot('status', 'archived')
      .where('scheduled_date', '<', to)
      .where((where) =>
        where
          .where('scheduled_date', '>=', from)
          .orWhere((recurring) =>
            recurring
              .whereNotNull('recurrence_rule')
              .where((end) =>
                end.whereNull('recurrence_until').orWhere('recurrence_until', '>=', from)
              )
          )
      )
      .orderBy('scheduled_date')
      .limit(MAX_EVENTS)
    const events: EventAttributes[] = []
    for (const entry of entries) {
      if (!entry.recurrence_rule) events.push(event(entry, entry.scheduled_date, false))
      else {
        for (const at of occurrencesBetween(
          entry.recurrence_rule,
          entry.scheduled_date,
          entry.time_zone,
          from,
          to
        )) {
          events.push(event(entry, at, true))
        }
      }
      if (events.length >= MAX_EVENTS) break
    }
    const { error, value } = createEvents(events.slice(0, MAX_EVENTS), {
      calName: 'Content calendar',
      productId: 'action-insight-pilot/content',
    })
    if (error || value === undefined) throw error ?? new Error('ICS generation failed')
    return value
  })
}
