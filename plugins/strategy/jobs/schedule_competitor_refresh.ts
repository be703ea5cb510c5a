import type { Task } from 'graphile-worker'
import { enqueue, withService, withTenant } from '#sdk'

/**
 * `strategy/schedule_competitor_refresh` (cron, weekly): lists every
 * competitive gap analysis (app_service, read only) and queues its
 * `strategy/fetch_competitors` job as its creator (or the workspace's
 * highest-ranked member), each in its own short transaction.
 */
const scheduleCompetitorRefresh: Task = async (_payload, helpers) => {
  const targets = await withService(async ({ trx }) => {
    const result = await trx.rawQuery(`
      select distinct on (a.id) a.id, a.workspace_id, m.user_id
      from competitive_gap_analyses a
      join workspace_members m on m.workspace_id = a.workspace_id
      order by a.id, (m.user_id = a.user_id) desc, app.role_rank(m.role) desc, m.created_at
    `)
    return result.rows as Array<{ id: string; workspace_id: string; user_id: string }>
  })
  for (const target of targets) {
    await withTenant({ userId: target.user_id, workspaceId: target.workspace_id, via: 'job' }, () =>
      enqueue(
        'strategy/fetch_competitors',
        { analysis_id: target.id },
        { jobKey: `strategy_fetch:${target.id}` }
      )
    )
  }
  helpers.logger.info(`strategy: competitor refresh queued for ${targets.length} analyses`)
}

export default scheduleCompetitorRefresh
