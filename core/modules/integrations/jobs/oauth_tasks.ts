import type { Task } from 'graphile-worker'
import {
  withService,
  withTenant,
  rawQuery,
  jobTenantIdentity,
  serviceJob,
  openText,
  sealText,
} from '#sdk'
import { resolveProvider, type ResolvedProvider } from '../services/provider_registry.js'
import { OAuthProviderError, refreshTokens, revokeToken } from '../services/oauth_client.js'
import type { ConnectionKind } from '../services/oauth_providers.js'
import {
  CONNECTION_TABLES,
  REFRESH_MARGIN_MS,
  scheduleRefresh,
} from '../services/oauth_connection_service.js'

/** Connections the sweep looks at: due within this window. */
const SWEEP_WINDOW = '10 minutes'
const SWEEP_BATCH = 500

function providerOrNull(name: string): ResolvedProvider | null {
  try {
    return resolveProvider(name)
  } catch {
    return null
  }
}

/**
 * `core/oauth_refresh` (opens its own short tenant transactions around the
 * provider call instead of holding one open while the network answers):
 * refreshes one connection's access token shortly before
 * it expires (or now when forced), stores the new tokens sealed (keeping the
 * old refresh token when the provider does not rotate it) and schedules the
 * next refresh. A refused refresh marks the connection expired; an outage
 * throws so the job retries. Idempotent: a fresh token is left alone.
 */
const oauthRefresh: Task = async (rawPayload, helpers) => {
  const payload = (rawPayload ?? {}) as Record<string, unknown>
  const identity = jobTenantIdentity(payload, helpers.job.task_identifier)
  const kind = payload.kind as ConnectionKind
  const table = CONNECTION_TABLES[kind]
  if (!table) throw new Error(`core/oauth_refresh: unknown connection kind ${String(kind)}`)
  const id = String(payload.connection_id)

  const current = await withTenant(identity, async ({ trx }) => {
    const result = await rawQuery(
      trx,
      `select id, platform_name, refresh_token_encrypted, token_expires_at from ${table} where id = ?`,
      [id]
    )
    return result.rows[0]
  })
  if (!current?.refresh_token_encrypted) return
  const expiresAt = current.token_expires_at ? new Date(current.token_expires_at).getTime() : null
  if (!payload.force && expiresAt !== null && expiresAt - Date.now() > REFRESH_MARGIN_MS) {
    await withTenant(identity, () =>
      scheduleRefresh({
        id,
        kind,
        token_expires_at: current.token_expires_at,
        has_refresh_token: true,
      })
    )
    return
  }
  const provider = providerOrNull(current.platform_name)
  if (!provider) {
    helpers.logger.warn(`OAuth provider ${current.platform_name} is not configured: not refreshing`)
    return
  }

  let tokens
  try {
    tokens = await refreshTokens(
      provider,
      openText(current.refresh_token_encrypted, 'oauth.refresh_token')
    )
  } catch (error) {
    if (!(error instanceof OAuthProviderError && error.refused)) throw error
    await withTenant(identity, ({ trx }) =>
      rawQuery(
        trx,
        `update ${table} set connection_status = 'expired',
            connection_metadata = connection_metadata || ?::jsonb
          where id = ? and refresh_token_encrypted = ?`,
        [
          JSON.stringify({ last_error: error.code, last_error_at: new Date().toISOString() }),
          id,
          current.refresh_token_encrypted,
        ]
      )
    )
    return
  }

  await withTenant(identity, async ({ trx }) => {
    const metadata: Record<string, unknown> = { last_refreshed_at: new Date().toISOString() }
    if (tokens.scopes) metadata.scopes = tokens.scopes
    // Compare-and-set on the refresh token: a concurrent change wins, this result is dropped.
    const result = await rawQuery(
      trx,
      `update ${table} set access_token_encrypted = ?,
          refresh_token_encrypted = coalesce(?, refresh_token_encrypted),
          token_expires_at = ?, connection_status = 'connected',
          connection_metadata = (connection_metadata - 'last_error' - 'last_error_at') || ?::jsonb
        where id = ? and refresh_token_encrypted = ?
        returning id, token_expires_at, (refresh_token_encrypted is not null) as has_refresh_token`,
      [
        sealText(tokens.accessToken, 'oauth.access_token'),
        tokens.refreshToken ? sealText(tokens.refreshToken, 'oauth.refresh_token') : null,
        tokens.expiresAt,
        JSON.stringify(metadata),
        id,
        current.refresh_token_encrypted,
      ]
    )
    if (result.rows[0]) await scheduleRefresh({ ...result.rows[0], kind })
  })
}

/**
 * `core/oauth_revoke`: revokes a disconnected connection's tokens at the
 * provider (RFC 7009). Revoking an already invalid token succeeds, so retries
 * are safe; outages throw and retry.
 */
const oauthRevoke: Task = async (rawPayload, helpers) => {
  const payload = (rawPayload ?? {}) as {
    provider?: string
    tokens?: { sealed: string; hint: 'access_token' | 'refresh_token' }[]
  }
  const provider = providerOrNull(String(payload.provider))
  if (!provider) {
    helpers.logger.warn(`OAuth provider ${payload.provider} is not configured: not revoking`)
    return
  }
  for (const token of payload.tokens ?? []) {
    try {
      await revokeToken(provider, openText(token.sealed, `oauth.${token.hint}`), token.hint)
    } catch (error) {
      if (error instanceof OAuthProviderError && error.refused) {
        helpers.logger.warn(`${provider.name} refused to revoke a token: ${error.code}`)
        continue
      }
      throw error
    }
  }
}

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

/** `core/oauth_cleanup_states` (hourly): the seed's cleanup_expired_oauth_states(). */
const oauthCleanupStates = serviceJob(async (_payload, helpers, { trx }) => {
  await rawQuery(trx, 'select public.cleanup_expired_oauth_states()')
  helpers.logger.info('deleted expired OAuth states')
})

/** The OAuth tasks, merged into the core task list. */
export const oauthTasks: Record<string, Task> = {
  'core/oauth_refresh': oauthRefresh,
  'core/oauth_revoke': oauthRevoke,
  'core/oauth_refresh_due': oauthRefreshDue,
  'core/oauth_cleanup_states': oauthCleanupStates,
}

/** Cron lines of the OAuth tasks (UTC). */
export const OAUTH_CRONTAB = [
  '0 * * * * core/oauth_cleanup_states ?max=3',
  '*/10 * * * * core/oauth_refresh_due ?max=3',
].join('\n')
