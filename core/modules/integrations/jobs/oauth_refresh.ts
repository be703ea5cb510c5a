import type { Task } from 'graphile-worker'
import { withTenant, rawQuery, jobTenantIdentity, openText, sealText } from '#sdk'
import { providerOrNull } from '../services/provider_registry.js'
import { OAuthProviderError, refreshTokens } from '../services/oauth_client.js'
import type { ConnectionKind } from '../services/oauth_providers.js'
import {
  CONNECTION_TABLES,
  REFRESH_MARGIN_MS,
  scheduleRefresh,
} from '../services/oauth_connection_service.js'

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

export default oauthRefresh
