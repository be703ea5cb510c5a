import { Problem, embedSession, emitEvent, rawQuery, tenant } from '#sdk'
import { applyChannelBudget } from '#plugins/campaigns/services/index'
import { proposalResource, type ProposalRow } from './proposal_resource.js'

/**
 * Applies a pending proposal: the channel's campaigns get the proposed daily
 * budget (through the campaigns face, recorded in their `auto_actions_taken`),
 * the proposal becomes `applied` with what changed, and
 * `autopilot.action_applied` goes to the outbox, all in the current
 * transaction. The caller holds the proposal's row lock, so it runs once.
 */
export async function applyProposal(
  proposal: ProposalRow,
  by: { userId: string | null; auto: boolean; endUserId?: string | null }
): Promise<ProposalRow> {
  const { trx } = tenant()
  const appliedAt = new Date()
  const campaigns = await applyChannelBudget({
    channel: proposal.channel,
    dailyBudget: Number(proposal.proposed_daily_budget),
    onlyAutoManaged: by.auto,
    action: {
      action: proposal.kind,
      source: 'autopilot',
      proposal_id: proposal.id,
      channel: proposal.channel,
      channel_daily_budget_before: Number(proposal.current_daily_budget),
      channel_daily_budget_after: Number(proposal.proposed_daily_budget),
      approved_by: by.userId,
      approved_by_end_user: by.endUserId ?? null,
      auto_applied: by.auto,
      applied_at: appliedAt.toISOString(),
    },
  })
  const application = { auto_applied: by.auto, campaigns }
  const result = await rawQuery<ProposalRow>(
    trx,
    `update autopilot_proposals
        set status = 'applied', applied_at = ?::timestamptz, application = ?::jsonb,
          decided_by = ?::uuid, decided_by_end_user_id = ?::uuid,
          decided_at = case when ?::boolean then null else ?::timestamptz end
      where id = ?::uuid and status = 'pending'
      returning ${proposalResource.sql('autopilot_proposals')}`,
    [
      appliedAt.toISOString(),
      JSON.stringify(application),
      by.userId,
      by.endUserId ?? null,
      by.auto,
      appliedAt.toISOString(),
      proposal.id,
    ]
  )
  if (!result.rows.length) throw new Error(`proposal ${proposal.id} was not pending`)
  await emitEvent('autopilot.action_applied', {
    proposal_id: proposal.id,
    kind: proposal.kind,
    channel: proposal.channel,
    daily_budget_before: Number(proposal.current_daily_budget),
    daily_budget_after: Number(proposal.proposed_daily_budget),
    campaigns: campaigns.length,
    auto_applied: by.auto,
    approved_by: by.userId,
    approved_by_end_user: by.endUserId ?? null,
  })
  return result.rows[0]
}

/** One proposal of the current workspace, or null; `forUpdate` locks it. */
export async function findProposal(id: string, forUpdate = false): Promise<ProposalRow | null> {
  const query = proposalResource.query().where('id', id)
  if (forUpdate) query.forUpdate()
  return (await query.first()) ?? null
}

/**
 * Approves a proposal and applies it, exactly once (by the current user, or
 * by the end user of an embed session: `<aip-autopilot-inbox>`): the row is locked, a
 * proposal already applied is returned as it is (a second approval or a retry
 * changes nothing), and one that was rejected or superseded is a 409.
 */
export async function approveProposal(id: string, note: string | null) {
  const proposal = await findProposal(id, true)
  if (!proposal) throw Problem.notFound('Proposal')
  if (proposal.status === 'applied') return proposal
  if (proposal.status !== 'pending') {
    throw Problem.conflict(`The proposal is ${proposal.status}: it can no longer be approved`)
  }
  const { trx, userId } = tenant()
  if (note !== null) {
    await trx.from('autopilot_proposals').where('id', id).update({ decision_note: note })
  }
  return applyProposal(proposal, {
    userId: userId ?? null,
    auto: false,
    endUserId: embedSession()?.endUserId ?? null,
  })
}

/** Rejects a pending proposal (who and when are recorded); rejecting twice is a no-op, an applied one a 409. */
export async function rejectProposal(id: string, note: string | null) {
  const proposal = await findProposal(id, true)
  if (!proposal) throw Problem.notFound('Proposal')
  if (proposal.status === 'rejected') return proposal
  if (proposal.status !== 'pending') {
    throw Problem.conflict(`The proposal is ${proposal.status}: it can no longer be rejected`)
  }
  const { trx, userId } = tenant()
  await trx
    .from('autopilot_proposals')
    .where('id', id)
    .update({
      status: 'rejected',
      decided_by: userId,
      decided_by_end_user_id: embedSession()?.endUserId ?? null,
      decided_at: new Date(),
      decision_note: note,
    })
  return (await findProposal(id))!
}
