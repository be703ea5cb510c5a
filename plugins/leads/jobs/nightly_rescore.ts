import type { Task } from 'graphile-worker'
import { withService, withTenant } from '#sdk'
import { rescoreLeads } from '../services/scoring_service.js'
import { emitScoreChanges } from '../services/lead_events.js'

/**
 * `leads/nightly_rescore` (cron, 04:15 UTC): engagement points decay with
 * time even when nothing changes, so every workspace that has active
 * engagement rules is rescored once a day. The cron run has no tenant: it
 * lists those workspaces in a short app_service transaction, then rescores
 * each one in its own tenant transaction as one of the workspace's owners,
 * under RLS (one transaction at a time, as the embedded database requires).
 */
const nightlyRescore: Task = async (_payload, helpers) => {
  const workspaces = await withService(({ trx }) =>
    trx
      .from('lead_scoring_rules as r')
      .join('workspace_members as m', (join) => {
        join.on('m.workspace_id', 'r.workspace_id').andOnVal('m.role', 'owner')
      })
      .where({ 'r.is_active': true, 'r.category': 'engagement' })
      .groupBy('r.workspace_id')
      .select(
        'r.workspace_id',
        trx.raw('(array_agg(m.user_id order by m.created_at))[1] as owner_id')
      )
  )
  for (const { workspace_id: workspaceId, owner_id: ownerId } of workspaces) {
    await withTenant({ userId: ownerId, workspaceId, via: 'job' }, async () => {
      const { scored, changes } = await rescoreLeads(null)
      await emitScoreChanges(changes)
      helpers.logger.info(
        `workspace ${workspaceId}: rescored ${scored} leads, ${changes.length} changed`
      )
    })
  }
}

export default nightlyRescore
