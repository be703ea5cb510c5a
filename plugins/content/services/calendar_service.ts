import { embedSession, emitEvent, keysetPage, NEWEST_FIRST, Problem, tenant } from '#sdk'
import { findCampaign } from '#plugins/campaigns/services/index'
import { calendarEntryResource, type CalendarEntryRow } from './calendar_entry_resource.js'
import {
  checkRule,
  isTimeZone,
  normalizeRule,
  occurrencesBetween,
  resolveRange,
  wallTime,
  zonedInstant,
} from './recurrence.js'
import type { ENTRY_STATUSES } from '../validators/calendar_entry_validator.js'

/** A calendar entry status. */
export type EntryStatus = (typeof ENTRY_STATUSES)[number]

/**
 * The status machine: draft → scheduled → published, archive from anywhere,
 * and back to draft from scheduled. Anything else answers 409.
 */
export const ENTRY_TRANSITIONS: Record<EntryStatus, EntryStatus[]> = {
  draft: ['scheduled', 'archived'],
  scheduled: ['published', 'draft', 'archived'],
  published: ['archived'],
  archived: [],
}

/** The fields of an entry as create and update take them (validated). */
export interface EntryInput {
  title?: string
  description?: string | null
  content_type?: string
  platform?: string | null
  scheduled_date?: string | Date
  campaign_id?: string | null
  assigned_to?: string | null
  recurrence_rule?: string | null
  time_zone?: string
  content_data?: Record<string, unknown>
  metadata?: Record<string, unknown>
  status?: 'draft' | 'scheduled'
}

/** One entry of the current workspace, or null. */
export async function findEntry(id: string): Promise<CalendarEntryRow | null> {
  return (await calendarEntryResource.query().where('id', id).first()) ?? null
}

/** A page of entries, newest first, with filters. */
export function listEntries(query: {
  limit?: number
  cursor?: string
  status?: string
  campaign_id?: string
  generation_id?: string
}) {
  const builder = calendarEntryResource.query()
  if (query.status) builder.where('status', query.status)
  if (query.campaign_id) builder.where('campaign_id', query.campaign_id)
  if (query.generation_id) {
    builder.whereRaw(`metadata->>'generation_id' = ?`, [query.generation_id])
  }
  return keysetPage(builder, { limit: query.limit, cursor: query.cursor, ...NEWEST_FIRST })
}

/** Checks the links and the recurrence of an entry's input; returns the derived columns. */
async function checkEntry(input: EntryInput, current?: CalendarEntryRow) {
  const zone = input.time_zone ?? current?.time_zone ?? 'UTC'
  if (input.time_zone !== undefined && !isTimeZone(input.time_zone)) {
    throw Problem.invalidField('time_zone', 'Unknown IANA time zone', 'time_zone')
  }
  if (input.campaign_id) {
    await findCampaign(input.campaign_id).catch(() => {
      throw Problem.invalidField('campaign_id', 'No such campaign in this workspace', 'exists')
    })
  }
  if (input.assigned_to) {
    const member = await tenant()
      .trx.from('workspace_members')
      .where({ workspace_id: tenant().workspaceId!, user_id: input.assigned_to })
      .first()
    if (!member) {
      throw Problem.invalidField(
        'assigned_to',
        'The assignee is not a member of this workspace',
        'exists'
      )
    }
  }
  const rule =
    input.recurrence_rule !== undefined ? input.recurrence_rule : current?.recurrence_rule
  const start = input.scheduled_date
    ? new Date(input.scheduled_date)
    : (current?.scheduled_date ?? new Date())
  const derived: Record<string, unknown> = {}
  if (rule) {
    const { until } = checkRule(rule, start, zone)
    derived.recurrence_rule = normalizeRule(rule)
    derived.recurrence_until = until
  } else if (input.recurrence_rule === null) {
    derived.recurrence_until = null
  }
  return derived
}

/**
 * Creates an entry (a draft unless `status: scheduled`) as the current user
 * (or, through the embed, as the session's end user);
 * a scheduled entry emits `content.scheduled`.
 */
export async function createEntry(input: EntryInput): Promise<CalendarEntryRow> {
  const derived = await checkEntry(input)
  const { trx, workspaceId, userId } = tenant()
  const [created] = await trx
    .insertQuery()
    .table(calendarEntryResource.table)
    .insert({
      ...calendarEntryResource.values(input as Record<string, unknown>, 'create'),
      ...derived,
      status: input.status ?? 'draft',
      workspace_id: workspaceId,
      created_by: userId,
      created_by_end_user_id: embedSession()?.endUserId ?? null,
    })
    .returning(['id'])
  const entry = (await findEntry(created.id))!
  if (entry.status === 'scheduled') await emitEvent('content.scheduled', { entry })
  return entry
}

/** Changes an entry's fields (not its status); null when it does not exist. */
export async function updateEntry(id: string, input: EntryInput) {
  const current = await findEntry(id)
  if (!current) return null
  const derived = await checkEntry(input, current)
  const patch = {
    ...calendarEntryResource.values(input as Record<string, unknown>, 'update'),
    ...derived,
  }
  if (Object.keys(patch).length) {
    await tenant().trx.from(calendarEntryResource.table).where('id', id).update(patch)
  }
  return findEntry(id)
}

/**
 * Moves an entry (a recurring one: the start of its series) to another day
 * (`2026-03-12`) as seen in `zone`, keeping its wall-clock time there: what
 * dragging an entry to another day of a calendar view means. Null when the
 * entry does not exist; 422 for an unknown zone or a day that does not exist.
 */
export async function moveEntryToDay(id: string, day: string, zone = 'UTC') {
  if (!isTimeZone(zone)) {
    throw Problem.invalidField('time_zone', 'Unknown IANA time zone', 'time_zone')
  }
  const current = await findEntry(id)
  if (!current) return null
  const [year, month, date] = day.split('-').map(Number)
  const wall = wallTime(current.scheduled_date, zone)
  const moved = new Date(
    Date.UTC(year, month - 1, date, wall.getUTCHours(), wall.getUTCMinutes(), wall.getUTCSeconds())
  )
  if (moved.getUTCDate() !== date) {
    throw Problem.invalidField('date', 'This day does not exist', 'date')
  }
  return updateEntry(id, { scheduled_date: zonedInstant(moved, zone) })
}

/**
 * Moves an entry to `status` if the status machine allows it (409 otherwise)
 * and emits `content.scheduled` or `content.published`.
 */
export async function transitionEntry(id: string, status: EntryStatus) {
  const current = await tenant()
    .trx.from(calendarEntryResource.table)
    .where('id', id)
    .forUpdate()
    .first()
  if (!current) return null
  if (current.status === status) return findEntry(id)
  if (!ENTRY_TRANSITIONS[current.status as EntryStatus].includes(status)) {
    throw Problem.conflict(`A ${current.status} entry cannot become ${status}`)
  }
  await tenant()
    .trx.from(calendarEntryResource.table)
    .where('id', id)
    .update({
      status,
      ...(status === 'published' ? { published_at: new Date() } : {}),
    })
  const entry = (await findEntry(id))!
  if (status === 'scheduled') await emitEvent('content.scheduled', { entry })
  if (status === 'published') await emitEvent('content.published', { entry })
  return entry
}

/** Deletes an entry; false when it does not exist. */
export async function deleteEntry(id: string) {
  const deleted = await tenant().trx.from(calendarEntryResource.table).where('id', id).delete()
  return Number(deleted) > 0
}

/** One occurrence of an entry in a range (a recurring entry has several). */
export interface Occurrence {
  occurs_at: Date
  recurring: boolean
  entry: CalendarEntryRow
}

/**
 * The entries that happen in a range (month, week or from/to), recurring
 * entries expanded, ordered by time: what a month or week view shows.
 */
export async function entriesInRange(query: {
  from?: string
  to?: string
  month?: string
  week?: string
  time_zone?: string
  status?: string
}) {
  const zone = query.time_zone ?? 'UTC'
  if (!isTimeZone(zone))
    throw Problem.invalidField('time_zone', 'Unknown IANA time zone', 'time_zone')
  const { from, to } = resolveRange(query, zone)
  const builder = calendarEntryResource
    .query()
    .where((where) =>
      where
        .where((single) =>
          single
            .whereNull('recurrence_rule')
            .where('scheduled_date', '>=', from)
            .where('scheduled_date', '<', to)
        )
        .orWhere((recurring) =>
          recurring
            .whereNotNull('recurrence_rule')
            .where('scheduled_date', '<', to)
            .where((end) =>
              end.whereNull('recurrence_until').orWhere('recurrence_until', '>=', from)
            )
        )
    )
    .orderBy('scheduled_date')
    .limit(5000)
  if (query.status) builder.where('status', query.status)
  const rows = await builder
  const occurrences: Occurrence[] = []
  for (const entry of rows) {
    if (!entry.recurrence_rule) {
      occurrences.push({ occurs_at: entry.scheduled_date, recurring: false, entry })
      continue
    }
    for (const at of occurrencesBetween(
      entry.recurrence_rule,
      entry.scheduled_date,
      entry.time_zone,
      from,
      to
    )) {
      occurrences.push({ occurs_at: at, recurring: true, entry })
    }
  }
  occurrences.sort((a, b) => a.occurs_at.getTime() - b.occurs_at.getTime())
  return { from, to, time_zone: zone, data: occurrences }
}
