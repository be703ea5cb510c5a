import { eventsAfter, rawQuery, tenant, type EventPosition, type OutboxEvent } from '#sdk'
import { leadAddresses } from '#plugins/leads/services/index'
import type { TriggerConditions, TriggerType } from './automation_resource.js'
import { enroll } from './automation_service.js'
import { applySegment, type SegmentConditions } from './segment_query.js'

/**
 * How far back each tick reads the outbox again. An event is written with
 * its transaction's start time but seen only once that transaction commits:
 * reading again (enrolment is idempotent per event) catches transactions
 * that committed up to this long after they began.
 */
export const LOOKBACK_SECONDS = 600

/** Events read per rule and tick at most (the rest waits for the next tick). */
const MAX_EVENTS_PER_TICK = 20_000

/** The outbox event types each trigger reads. */
const EVENT_TYPES: Record<Exclude<TriggerType, 'date'>, string[]> = {
  tag_added: ['email_contact.tagged'],
  lead_created: ['lead.created'],
  form_submitted: ['lead.created', 'lead.updated'],
  lead_score_threshold: ['lead.score_changed'],
}

interface ActiveRule {
  id: string
  trigger_type: TriggerType
  trigger_conditions: TriggerConditions
  created_at: Date
  events_after: Date | null
  events_since: Date | null
  fired_at: Date | null
}

/** A lead event's lead id (lead.created/updated carry the lead, score changes its id). */
function leadIdOf(event: OutboxEvent): string | null {
  const lead = event.data.lead as { id?: unknown } | undefined
  const id = lead?.id ?? event.data.lead_id
  return typeof id === 'string' ? id : null
}

/** Which events of a page enroll whom: contact ids by event, per the rule's conditions. */
async function matches(rule: ActiveRule, events: OutboxEvent[]) {
  const when = rule.trigger_conditions
  if (rule.trigger_type === 'tag_added') {
    const tag = when.tag!.trim().toLowerCase()
    return events
      .filter((event) => Array.isArray(event.data.added) && event.data.added.includes(tag))
      .map((event) => ({ contactId: String(event.data.contact_id), triggerKey: event.id }))
  }
  const wanted = events.filter((event) => {
    if (rule.trigger_type !== 'lead_score_threshold') return true
    const previous = Number(event.data.previous_score)
    const score = Number(event.data.score)
    return previous < when.threshold! && when.threshold! <= score
  })
  // Lead to contact: the contact with the lead's address, through the leads plugin's face.
  const leads = await leadAddresses([...new Set(wanted.map(leadIdOf).filter(Boolean))] as string[])
  const byLead = new Map(
    leads
      .filter((lead) => lead.email && (!when.source || lead.source === when.source))
      .map((lead) => [lead.id, lead.email!.toLowerCase()])
  )
  if (byLead.size === 0) return []
  const contacts = await rawQuery(
    tenant().trx,
    `select id, lower(email) as email from email_contacts where lower(email) = any(?::text[])`,
    [[...new Set(byLead.values())]]
  )
  const contactOf = new Map(
    contacts.rows.map((row: { id: string; email: string }) => [row.email, row.id])
  )
  return wanted.flatMap((event) => {
    const email = byLead.get(leadIdOf(event) ?? '')
    const contactId = email ? contactOf.get(email) : undefined
    return contactId ? [{ contactId, triggerKey: event.id }] : []
  })
}

/** Reads a rule's new events and enrolls the contacts they concern; returns enrolments. */
async function tickEventRule(rule: ActiveRule & { trigger_type: keyof typeof EVENT_TYPES }) {
  const since = rule.events_after ?? rule.created_at
  const floor = new Date(
    Math.max(
      (rule.events_since ?? rule.created_at).getTime(),
      since.getTime() - LOOKBACK_SECONDS * 1000
    )
  )
  let position: EventPosition = { at: floor, id: null }
  let newest: Date | string = since
  let read = 0
  let enrolled = 0
  while (read < MAX_EVENTS_PER_TICK) {
    const events = await eventsAfter({
      types: EVENT_TYPES[rule.trigger_type],
      after: position,
      limit: 500,
    })
    if (!events.length) break
    read += events.length
    const last = events[events.length - 1]
    position = last.position
    if (last.created_at.getTime() >= new Date(newest).getTime()) newest = last.position.at
    enrolled += await enroll(rule.id, await matches(rule, events))
  }
  await saveCursor(rule.id, { eventsAfter: newest })
  return enrolled
}

/** A date rule: at its time, enrolls the segment's contacts, once. */
async function tickDateRule(rule: ActiveRule) {
  if (rule.fired_at || new Date(rule.trigger_conditions.at!) > new Date()) return 0
  const { trx } = tenant()
  const segment = await trx
    .from('email_segments')
    .select('conditions')
    .where('id', rule.trigger_conditions.segment_id!)
    .first()
  let enrolled = 0
  if (segment) {
    let afterId = '00000000-0000-0000-0000-000000000000'
    for (;;) {
      const contacts = await applySegment(
        trx.from('email_contacts as c').select('c.id'),
        segment.conditions as SegmentConditions,
        'c'
      )
        .where('c.id', '>', afterId)
        .orderBy('c.id')
        .limit(1000)
      if (!contacts.length) break
      afterId = contacts[contacts.length - 1].id
      enrolled += await enroll(
        rule.id,
        contacts.map((contact: { id: string }) => ({ contactId: contact.id, triggerKey: 'date' }))
      )
    }
  }
  await saveCursor(rule.id, { eventsAfter: new Date(), firedAt: new Date() })
  return enrolled
}

/**
 * Stores where a rule's reading stands, and when a date rule fired. With
 * `since` (creation, resume), events before that time never count, even on
 * the re-read of the lookback window. Times may be `'now'`: PostgreSQL's
 * transaction time.
 */
export async function saveCursor(
  ruleId: string,
  at: { eventsAfter: Date | string; since?: Date | 'now'; firedAt?: Date }
) {
  const { trx, workspaceId } = tenant()
  await rawQuery(
    trx,
    `insert into email_automation_cursors (rule_id, workspace_id, events_after, events_since, fired_at)
     values (?, ?, ?::timestamptz, coalesce(?::timestamptz, ?::timestamptz), ?)
     on conflict (rule_id) do update set events_after = excluded.events_after,
       events_since = coalesce(?::timestamptz, email_automation_cursors.events_since),
       fired_at = coalesce(email_automation_cursors.fired_at, excluded.fired_at), updated_at = now()`,
    [
      ruleId,
      workspaceId!,
      at.eventsAfter,
      at.since ?? null,
      at.eventsAfter,
      at.firedAt ?? null,
      at.since ?? null,
    ]
  )
}

/**
 * One tick of the current workspace's automations (the `email/automation_tick`
 * job): every active rule reads the outbox events after its cursor (RLS
 * applies: the tick runs as a member), matches its conditions and enrolls the
 * contacts concerned; due date rules enroll their segment. Returns how many
 * contacts were enrolled.
 */
export async function runAutomationTick(): Promise<number> {
  const result = await rawQuery(
    tenant().trx,
    `select r.id, r.trigger_type, r.trigger_conditions, r.created_at, c.events_after,
       c.events_since, c.fired_at
     from email_automation_rules r
     left join email_automation_cursors c on c.rule_id = r.id
     where r.is_active
     order by r.created_at, r.id`
  )
  let enrolled = 0
  for (const rule of result.rows as ActiveRule[]) {
    enrolled +=
      rule.trigger_type === 'date'
        ? await tickDateRule(rule)
        : await tickEventRule(rule as ActiveRule & { trigger_type: keyof typeof EVENT_TYPES })
  }
  return enrolled
}
