import { emitEvent, emitEvents } from '#sdk'
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
 * rescoring can move thousands at once: emitEvents() writes them in one
 * statement.
 */
export async function emitScoreChanges(changes: ScoreChange[]) {
  await emitEvents(
    changes.map((change) => ({
      type: 'lead.score_changed',
      data: { lead_id: change.leadId, previous_score: change.from, score: change.to },
    }))
  )
}

/**
 * Emits lead.created / lead.updated for many written leads (CSV import) in
 * one statement.
 */
export async function emitLeadWrites(results: Array<{ lead: LeadRow; created: boolean }>) {
  await emitEvents(
    results.map(({ lead, created }) => ({
      type: created ? 'lead.created' : 'lead.updated',
      data: { lead },
    }))
  )
}
