import type { Task } from 'graphile-worker'
import { enqueue, withService, withTenant } from '#sdk'

/**
 * `campaigns/schedule_monitoring` (cron, daily): a cron run has no tenant, so
 * it lists the workspaces that have active campaigns (app_service, read only)
 * and enqueues one `campaigns/monitor_performance` job per workspace, as that
 * workspace's highest-ranked member (owner first), with a job key so a
 * workspace is never queued twice. Each listing and enqueue is its own short
 * transaction, which also suits the embedded database (one transaction at a time).
 */
const scheduleMonitoring: Task = async (_payload, helpers) => {
  const targets = await withService(async ({ trx }) => {
    const result = await trx.rawQuery(`
      select distinct on (c.workspace_id) c.workspace_id, m.user_id
      from campaigns c
      join workspace_members m on m.workspace_id = c.workspace_id
      where c.status = 'active'
      order by c.workspace_id, app.role_rank(m.role) desc, m.created_at
    `)
    return result.rows as Array<{ workspace_id: string; user_id: string }>
  })
  for (const target of targets) {
    await withTenant({ userId: target.user_id, workspaceId: target.workspace_id, via: 'job' }, () =>
      enqueue('campaigns/monitor_performance', {}, { jobKey: 'monitor_performance' })
    )
  }
  helpers.logger.info(`campaign monitoring queued for ${targets.length} workspaces`)
}

export default scheduleMonitoring
