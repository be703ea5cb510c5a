import { tenant, rawQuery, enqueue, keysetPage, NEWEST_FIRST, openText, sealText } from '#sdk'
import type { ConnectionKind } from './oauth_providers.js'
import { providerDefinition, type ResolvedProvider } from './provider_registry.js'
import type { AccountProfile, TokenSet } from './oauth_client.js'

/** Table that holds each kind of OAuth connection. */
export const CONNECTION_TABLES: Record<ConnectionKind, string> = {
  social: 'social_platform_connections',
  integration: 'oauth_connections',
}

/** Refresh this long before the access token expires. */
export const REFRESH_MARGIN_MS = 5 * 60_000

/** Columns a connection is shown with: never its tokens. */
const PUBLIC_COLUMNS = `id, workspace_id, user_id, platform_name, platform_user_id, platform_username,
  connection_status, token_expires_at, connection_metadata,
  (refresh_token_encrypted is not null) as has_refresh_token, created_at, updated_at`

/** One connection as the API shows it. */
export interface PublicConnection {
  id: string
  kind: ConnectionKind
  platform_name: string
  token_expires_at: Date | null
  connection_status: string
  [column: string]: unknown
}

/** The union of both connection tables, as seen through RLS by the current user. */
function connectionUnion() {
  const { trx } = tenant()
  const [first, ...others] = Object.entries(CONNECTION_TABLES).map(([kind, table]) =>
    trx.from(table).select(trx.raw(`${PUBLIC_COLUMNS}, '${kind}'::text as kind`))
  )
  const union = others.reduce((combined, other) => combined.unionAll(other), first).as('c')
  return trx.from(union).select('*')
}

/** A page of the current user's OAuth connections in this workspace. */
export function listConnections(query: {
  limit?: number
  cursor?: string
  platform_name?: string
  kind?: ConnectionKind
}) {
  const builder = connectionUnion()
  if (query.platform_name) builder.where('platform_name', query.platform_name)
  if (query.kind) builder.where('kind', query.kind)
  return keysetPage<PublicConnection>(builder, {
    limit: query.limit,
    cursor: query.cursor,
    ...NEWEST_FIRST,
  })
}

/** One of the current user's connections, or null (also for other users and workspaces). */
export async function findConnection(id: string): Promise<PublicConnection | null> {
  return (await connectionUnion().where('id', id).first()) ?? null
}

/**
 * Stores (or replaces) the user's connection to a provider with freshly sealed
 * tokens, in the table of the provider's kind, and schedules its refresh.
 */
export async function saveConnection(
  provider: ResolvedProvider,
  tokens: TokenSet,
  profile: AccountProfile & { error?: string },
  requestedScopes: string[]
): Promise<PublicConnection> {
  const { trx, workspaceId, userId } = tenant()
  const table = CONNECTION_TABLES[provider.kind]
  const metadata = {
    scopes: tokens.scopes ?? requestedScopes,
    token_type: tokens.tokenType,
    connected_at: new Date().toISOString(),
    ...(profile.error ? { profile_error: profile.error } : {}),
  }
  const result = await rawQuery(
    trx,
    `insert into ${table} as t (workspace_id, user_id, platform_name, platform_user_id, platform_username,
        access_token_encrypted, refresh_token_encrypted, token_expires_at, connection_status, connection_metadata)
      values (?, ?, ?, ?, ?, ?, ?, ?, 'connected', ?::jsonb)
      on conflict (workspace_id, user_id, platform_name) do update set
        platform_user_id = excluded.platform_user_id,
        platform_username = excluded.platform_username,
        access_token_encrypted = excluded.access_token_encrypted,
        refresh_token_encrypted = excluded.refresh_token_encrypted,
        token_expires_at = excluded.token_expires_at,
        connection_status = 'connected',
        connection_metadata = excluded.connection_metadata
      returning ${PUBLIC_COLUMNS}, '${provider.kind}'::text as kind`,
    [
      workspaceId,
      userId,
      provider.name,
      profile.id,
      profile.username,
      sealText(tokens.accessToken, 'oauth.access_token'),
      tokens.refreshToken ? sealText(tokens.refreshToken, 'oauth.refresh_token') : null,
      tokens.expiresAt,
      JSON.stringify(metadata),
    ]
  )
  const connection = result.rows[0] as PublicConnection
  await scheduleRefresh(connection)
  return connection
}

/**
 * Enqueues the refresh of a connection shortly before its token expires. One
 * job per connection (job key) in its own queue, so refreshes never race.
 */
export async function scheduleRefresh(
  connection: Pick<PublicConnection, 'id' | 'kind' | 'token_expires_at'> & {
    has_refresh_token?: unknown
  },
  options: { now?: boolean } = {}
) {
  if (!options.now && (!connection.has_refresh_token || !connection.token_expires_at)) return
  const expiresAt = options.now ? Date.now() : new Date(connection.token_expires_at!).getTime()
  // Short-lived tokens are refreshed halfway through their remaining life.
  const lead = Math.min(REFRESH_MARGIN_MS, Math.max(0, expiresAt - Date.now()) / 2)
  const due = expiresAt - lead
  await enqueue(
    'core/oauth_refresh',
    { connection_id: connection.id, kind: connection.kind, force: Boolean(options.now) },
    {
      jobKey: `oauth-refresh:${connection.id}`,
      queueName: `oauth:${connection.id}`,
      runAt: new Date(Math.max(due, Date.now())),
      maxAttempts: 10,
    }
  )
}

/**
 * Deletes a connection and its tokens. When the provider can revoke tokens,
 * a job revokes them there (with retries); its payload carries them sealed.
 */
export async function deleteConnection(connection: PublicConnection): Promise<void> {
  const { trx } = tenant()
  const table = CONNECTION_TABLES[connection.kind]
  const result = await rawQuery(
    trx,
    `delete from ${table} where id = ? returning access_token_encrypted, refresh_token_encrypted`,
    [connection.id]
  )
  const row = result.rows[0]
  if (row) await enqueueRevocation(connection.platform_name, row)
}

/**
 * Enqueues `core/oauth_revoke` for a connection's sealed tokens, in the current
 * transaction, when its provider can revoke tokens. Returns whether it did.
 */
async function enqueueRevocation(
  platformName: string,
  row: { access_token_encrypted: string | null; refresh_token_encrypted: string | null }
): Promise<boolean> {
  const definition = providerDefinition(platformName)
  if (!definition?.revoke) return false
  const tokens = [
    row.refresh_token_encrypted && { sealed: row.refresh_token_encrypted, hint: 'refresh_token' },
    row.access_token_encrypted && { sealed: row.access_token_encrypted, hint: 'access_token' },
  ].filter(Boolean)
  if (!tokens.length) return false
  await enqueue('core/oauth_revoke', { provider: platformName, tokens }, { maxAttempts: 8 })
  return true
}

/**
 * Account erasure: enqueues the revocation at the provider of every OAuth
 * token the user holds, in every workspace (both connection tables), in the
 * erasure's own app_service transaction, so the revocations run only if the
 * erasure commits. The rows themselves are deleted by the erasure. Returns the
 * number of connections whose tokens will be revoked.
 */
export async function revokeUserConnections(userId: string): Promise<number> {
  const { trx } = tenant()
  let revoked = 0
  for (const table of Object.values(CONNECTION_TABLES)) {
    const result = await rawQuery(
      trx,
      `select platform_name, access_token_encrypted, refresh_token_encrypted from ${table}
        where user_id = ?::uuid order by id`,
      [userId]
    )
    for (const row of result.rows) {
      if (await enqueueRevocation(row.platform_name, row)) revoked += 1
    }
  }
  return revoked
}

/**
 * A usable access token of the current user's connection to `platformName` in
 * this workspace, for server-side callers (plugins posting to a social account).
 * Null when not connected or expired. Never expose it through a route.
 */
export async function connectionAccessToken(platformName: string): Promise<string | null> {
  const definition = providerDefinition(platformName)
  if (!definition) return null
  const { trx } = tenant()
  const result = await rawQuery(
    trx,
    `select access_token_encrypted from ${CONNECTION_TABLES[definition.kind]}
      where platform_name = ? and connection_status = 'connected'
        and access_token_encrypted is not null
        and (token_expires_at is null or token_expires_at > now())`,
    [platformName]
  )
  const sealed = result.rows[0]?.access_token_encrypted
  return sealed ? openText(sealed, 'oauth.access_token') : null
}
