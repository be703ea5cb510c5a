import type { Task } from 'graphile-worker'
import { withService, withTenant, rawQuery } from '#sdk'
import { CONNECTION_TABLES, scheduleRefresh } from '../services/oauth_connection_service.js'

/** Connections the sweep looks at: due within this window. */
const SWEEP_WINDOW = '10 minutes'
const SWEEP_BATCH = 500

/**
 * `core/oauth_refresh_due` (cron): a safety net that (re)schedules the refresh
 * of every connection whose token expires soon, in each connection's tenant.
 */
const oauthRefreshDue: Task = async (_payload, helpers) => {
  const due = await withService(async ({ trx }) => {
    const union = Object.entries(CONNECTION_TABLES)
      .map(
        ([
          kind,
          table,
        ]) => `select id, workspace_id, user_id, token_expires_at, '${kind}'::text as kind
          from ${table}
          where connection_status = 'connected' and refresh_token_encrypted is not null
            and token_expires_at < now() + interval '${SWEEP_WINDOW}'`
      )
      .join(' union all ')
    const result = await rawQuery(trx, `${union} order by token_expires_at limit ${SWEEP_BATCH}`)
    return result.rows
  })
  for (const row of due) {
    await withTenant({ userId: row.user_id, workspaceId: row.workspace_id, via: 'job' }, () =>
      scheduleRefresh({ ...row, has_refresh_token: true })
    )
  }
  helpers.logger.info(`scheduled the refresh of ${due.length} OAuth connections`)
}

export default oauthRefreshDue
