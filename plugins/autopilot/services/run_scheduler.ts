import { enqueue, withService, withTenant } from '#sdk'

/**
 * The workspaces whose autopilot is active, each with the user its jobs run
 * as: the config's owner while still a member, else the highest-ranked member.
 * Read as app_service (a cron run has no tenant), read only.
 */
async function activeWorkspaces() {
  return withService(async ({ trx }) => {
    const result = await trx.rawQuery(`
      select distinct on (c.workspace_id) c.workspace_id, m.user_id
      from marketing_autopilot_config c
      join workspace_members m on m.workspace_id = c.workspace_id
      where c.is_active
      order by c.workspace_id, coalesce(m.user_id = c.user_id, false) desc, app.role_rank(m.role) desc, m.created_at
    `)
    return result.rows as Array<{ workspace_id: string; user_id: string }>
  })
}

/** Enqueues `task` once per active workspace, each in its own short tenant transaction. */
export async function fanOut(task: string, payload: Record<string, unknown>, jobKey: string) {
  const targets = await activeWorkspaces()
  for (const target of targets) {
    await withTenant({ userId: target.user_id, workspaceId: target.workspace_id, via: 'job' }, () =>
      enqueue(task, payload, { jobKey })
    )
  }
  return targets.length
}
