import type { HttpContext } from '@adonisjs/core/http'
import { embedSession, idParam, Problem } from '#sdk'
import {
  createEntry,
  ENTRY_TRANSITIONS,
  entriesInRange,
  moveEntryToDay,
  transitionEntry,
  type EntryStatus,
} from '../services/calendar_service.js'
import type { CalendarEntryRow } from '../services/calendar_entry_resource.js'
import { transitionValidator } from '../validators/calendar_entry_validator.js'
import {
  embedCreateEntryValidator,
  embedMoveEntryValidator,
  embedRangeValidator,
} from '../validators/embed_calendar_validator.js'

/** Statuses a page shows to anyone holding the key: what is planned or out. */
const PUBLIC_STATUSES: readonly string[] = ['scheduled', 'published']

/** Whether the request's embed session carries `scope`. */
function sessionHas(scope: string) {
  return Boolean(embedSession()?.scopes.includes(scope))
}

/** An entry as the element sees it (see the `EmbedCalendarEntry` schema). */
function embedEntry(entry: CalendarEntryRow, editable: boolean) {
  return {
    id: entry.id,
    title: entry.title,
    description: entry.description,
    content_type: entry.content_type,
    platform: entry.platform,
    status: entry.status,
    scheduled_date: entry.scheduled_date,
    recurrence_rule: entry.recurrence_rule,
    time_zone: entry.time_zone,
    transitions: editable ? ENTRY_TRANSITIONS[entry.status as EntryStatus] : [],
  }
}

/**
 * The content calendar for `<aip-content-calendar>` (embed key with
 * `content:calendar`). Anyone on an allowed page sees the scheduled and
 * published entries; an end user whose embed session carries `content:read`
 * sees every entry, and `content:write` lets them create, move and change the
 * status of entries through the calendar service the API uses (same checks,
 * same status machine, same webhook events).
 */
export default class EmbedCalendarController {
  /** A month or week of occurrences. */
  async range(ctx: HttpContext) {
    const query = await embedRangeValidator.validate(ctx.request.qs())
    const editable = sessionHas('content:write')
    const everything = editable || sessionHas('content:read')
    const range = await entriesInRange(query)
    return {
      ...range,
      editable,
      data: range.data
        .filter(({ entry }) => everything || PUBLIC_STATUSES.includes(entry.status))
        .map(({ occurs_at: occursAt, recurring, entry }) => ({
          occurs_at: occursAt,
          recurring,
          entry: embedEntry(entry, editable),
        })),
    }
  }

  /** Creates an entry (a draft unless `status: scheduled`) in the end user's name. */
  async store(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(embedCreateEntryValidator)
    const entry = await createEntry(input)
    ctx.response.status(201)
    return embedEntry(entry, true)
  }

  /** Moves an entry (a recurring one: its series) to another day, same time of day. */
  async move(ctx: HttpContext) {
    const id = idParam(ctx.params, 'Calendar entry')
    const input = await ctx.request.validateUsing(embedMoveEntryValidator)
    const entry = await moveEntryToDay(id, input.date, input.time_zone)
    if (!entry) throw Problem.notFound('Calendar entry')
    return embedEntry(entry, true)
  }

  /** Moves an entry through the status machine (409 for a refused transition). */
  async transition(ctx: HttpContext) {
    const id = idParam(ctx.params, 'Calendar entry')
    const { status } = await ctx.request.validateUsing(transitionValidator)
    const entry = await transitionEntry(id, status)
    if (!entry) throw Problem.notFound('Calendar entry')
    return embedEntry(entry, true)
  }
}
