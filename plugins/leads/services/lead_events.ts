import { emitEvent, UnknownWebhookEventError, webhookEventCatalogue, tenant, rawQuery } from '#sdk'
import type { LeadRow } from './lead_resource.js'
import type { ScoreChange } from './scoring_service.js'

export { LEAD_WEBHOOK_EVENTS } from '../webhook_event_types.js'

/** What a lead write did, for the webhook events it implies. */
export interface LeadChange {
  lead: LeadRow
  created: boolean
  previousStatus?: string | null
  scoreChanges?: ScoreChange[]
}

/** Above this many score changes, events are written by one SQL statement. */
const BULK_THRESHOLD = 20

/**
 * Emits the webhook events of a lead write in the current transaction:
 * lead.created or lead.updated, lead.status_changed when the status moved,
 * and lead.score_changed for each score that moved.
 */
export async function emitLeadChanges(change: LeadChange) {
  const { lead } = change
  await emitEvent(change.created ? 'lead.created' : 'lead.updated', { lead: lead })
  if (!change.created && change.previousStatus && change.previousStatus !== lead.status) {
    await emitEvent('lead.status_changed', {
      lead_id: lead.id,
      previous_status: change.previousStatus,
      status: lead.status,
      lead: lead,
    })
  }
  await emitScoreChanges(change.scoreChanges ?? [])
}

/**
 * Emits lead.score_changed for each lead whose score moved. A whole-workspace
 * rescoring can move thousands at once: those are written to the outbox in one
 * statement through the same database function emitEvent() uses.
 */
export async function emitScoreChanges(changes: ScoreChange[]) {
  if (changes.length <= BULK_THRESHOLD) {
    for (const change of changes) {
      await emitEvent('lead.score_changed', {
        lead_id: change.leadId,
        previous_score: change.from,
        score: change.to,
      })
    }
    return
  }
  const catalogue = await webhookEventCatalogue()
  if (!catalogue.has('lead.score_changed')) {
    throw new UnknownWebhookEventError('lead.score_changed')
  }
  await rawQuery(
    tenant().trx,
    `select count(app.emit_webhook_event('lead.score_changed',
        jsonb_build_object('lead_id', c ->> 0, 'previous_score', (c ->> 1)::int, 'score', (c ->> 2)::int)))
      from jsonb_array_elements(?::jsonb) c`,
    [JSON.stringify(changes.map((change) => [change.leadId, change.from, change.to]))]
  )
}

/**
 * Emits lead.created / lead.updated for many written leads (CSV import): one
 * statement for the whole batch, through the database function emitEvent()
 * uses, above a handful of leads.
 */
export async function emitLeadWrites(results: Array<{ lead: LeadRow; created: boolean }>) {
  if (results.length <= BULK_THRESHOLD) {
    for (const { lead, created } of results) {
      await emitEvent(created ? 'lead.created' : 'lead.updated', { lead })
    }
    return
  }
  const catalogue = await webhookEventCatalogue()
  for (const type of ['lead.created', 'lead.updated']) {
    if (!catalogue.has(type)) throw new UnknownWebhookEventError(type)
  }
  await rawQuery(
    tenant().trx,
    `select count(app.emit_webhook_event(
        case when (e ->> 'created')::boolean then 'lead.created' else 'lead.updated' end,
        jsonb_build_object('lead', e -> 'lead')))
      from jsonb_array_elements(?::jsonb) e`,
    [JSON.stringify(results)]
  )
}
