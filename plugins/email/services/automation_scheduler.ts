import { enqueue, withService, withTenant } from '#sdk'

/** Job key of a workspace's automation tick: a tick still queued absorbs the next one. */
export const TICK_JOB_KEY = 'email-automation-tick'

/**
 * The workspaces with an active automation, each with the user their ticks
 * run as: a rule's creator while still a member, else the highest-ranked
 * member (the autopilot's rule). Read as app_service (a cron run has no
 * tenant), read only.
 */
async function workspacesWithAutomations() {
  return withService(async ({ trx }) => {
    const result = await trx.rawQuery(`
      select distinct on (r.workspace_id) r.workspace_id, m.user_id
      from email_automation_rules r
      join workspace_members m on m.workspace_id = r.workspace_id
      where r.is_active
      order by r.workspace_id, coalesce(m.user_id = r.created_by, false) desc,
        app.role_rank(m.role) desc, m.created_at
    `)
    return result.rows as Array<{ workspace_id: string; user_id: string }>
  })
}

/**
 * Enqueues one `email/automation_tick` per workspace with active automations,
 * each in its own short tenant transaction, keyed per workspace (a tick not
 * yet run is not doubled). Returns how many were queued.
 */
export async function scheduleAutomationTicks() {
  const targets = await workspacesWithAutomations()
  for (const target of targets) {
    await withTenant({ userId: target.user_id, workspaceId: target.workspace_id, via: 'job' }, () =>
      enqueue('email/automation_tick', {}, { jobKey: TICK_JOB_KEY, jobKeyMode: 'preserve_run_at' })
    )
  }
  return targets.length
}
