/*
| Baseline of the HTTP scenarios: a bare `node:http` + `pg` server that does
| the same database work as `GET /v1/preferences` (and, when the campaigns
| plugin is installed, `GET /v1/campaigns`) on the platform, and
| nothing else: one transaction with the platform's own app.authenticate() call
| (credential check + role + tenant settings in one statement), the same SELECT
| the keyset paginator sends, COMMIT. No router, middleware, validation,
| logging or ORM. Run as a child process by the bench (never imported):
|   DATABASE_URL=… PORT=… POOL_MAX=… node --import=@poppinss/ts-exec bench/lib/raw_server.ts
*/
import { createHash } from 'node:crypto'
import { createServer, type ServerResponse } from 'node:http'
import pg from 'pg'

const PREFIXES = { aip_at_: 'token', aip_sk_: 'api_key' } as const
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const LIMIT = 25

/** Same statement as the tenant middleware (positional parameters instead of knex's `?`). */
const AUTHENTICATE_SQL = `select a.user_id, a.workspace_id, a.workspace_role, a.scopes, a.credential_id,
  set_config('role', 'app_authenticated', true) as role
  from app.authenticate($1, $2::uuid, $3, $4::uuid) a`

/** Same statement as keysetPage() builds for PreferencesController.index (first page). */
const SELECT_SQL = `select "id", "workspace_id", "user_id", "preference_category", "preference_data",
  "interface_mode", "created_at", "updated_at", preference_category::text as __cursor_0
  from "user_preferences" order by "preference_category" asc limit $1`

/**
 * Same statement as keysetPage() builds for CampaignsController.index (first
 * page, no filter): the plugin's column list, ordered by (created_at, id) desc.
 */
const CAMPAIGNS_SQL = `select id, workspace_id, created_by, name, description, type, channel, status,
  total_budget::float8 as total_budget, budget_allocated::float8 as budget_allocated,
  budget_spent::float8 as budget_spent, start_date, end_date, primary_objective, target_audience,
  channels, demographics, kpi_targets, content, settings, metrics, auto_managed, metadata,
  created_at, updated_at, created_at::text as __cursor_0, id::text as __cursor_1
  from "campaigns" order by "created_at" desc, "id" desc limit $1`

/** The list routes this baseline serves: path → SELECT and the number of keyset columns. */
const ROUTES: Record<string, { sql: string; keys: number }> = {
  '/v1/preferences': { sql: SELECT_SQL, keys: 1 },
  '/v1/campaigns': { sql: CAMPAIGNS_SQL, keys: 2 },
}

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.POOL_MAX ?? 10),
})
pool.on('error', (error) => console.error('pool error', error))

/** `aip_at_<base64url id>.<base64url secret>` → kind, id and SHA-256 of the secret. */
function decode(value: string) {
  const prefix = value.slice(0, 7) as keyof typeof PREFIXES
  const kind = PREFIXES[prefix]
  if (!kind) return null
  const [idPart, ...secretParts] = value.slice(7).split('.')
  if (!idPart || secretParts.length === 0) return null
  const id = Buffer.from(idPart, 'base64url').toString('utf8')
  const secret = Buffer.from(secretParts.join('.'), 'base64url').toString('utf8')
  if (!UUID.test(id) || !secret) return null
  return { kind, id, hash: createHash('sha256').update(secret).digest('hex') }
}

function send(response: ServerResponse, status: number, body: unknown) {
  const json = JSON.stringify(body)
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(json),
  })
  response.end(json)
}

async function listPage(
  route: { sql: string; keys: number },
  authorization: string | undefined,
  workspace: string | undefined
) {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')
  const credential = match ? decode(match[1]) : null
  if (!credential) return { status: 401, body: { title: 'Unauthorized' } }
  if (workspace !== undefined && !UUID.test(workspace))
    return { status: 404, body: { title: 'Not found' } }

  const client = await pool.connect()
  try {
    await client.query('begin')
    const auth = await client.query(AUTHENTICATE_SQL, [
      credential.kind,
      credential.id,
      credential.hash,
      workspace ?? null,
    ])
    if (!auth.rows[0]?.workspace_id) {
      await client.query('rollback')
      return { status: 401, body: { title: 'Unauthorized' } }
    }
    const result = await client.query(route.sql, [LIMIT + 1])
    await client.query('commit')
    const rows = result.rows.slice(0, LIMIT)
    const cursorKeys = Array.from({ length: route.keys }, (_unused, index) => `__cursor_${index}`)
    const last = rows.at(-1)
    const next =
      result.rows.length > LIMIT
        ? Buffer.from(JSON.stringify(cursorKeys.map((key) => last[key]))).toString('base64url')
        : null
    const data = rows.map((row) => {
      const copy = { ...row }
      for (const key of cursorKeys) delete copy[key]
      return copy
    })
    return { status: 200, body: { data, next_cursor: next } }
  } catch (error) {
    await client.query('rollback').catch(() => {})
    throw error
  } finally {
    client.release()
  }
}

const server = createServer((request, response) => {
  const path = request.url?.split('?')[0]
  if (request.method === 'GET' && path === '/health') return send(response, 200, { ok: true })
  const route = path ? ROUTES[path] : undefined
  if (request.method !== 'GET' || !route) return send(response, 404, { title: 'Not found' })
  const workspace = request.headers['x-workspace-id']
  listPage(
    route,
    request.headers.authorization,
    Array.isArray(workspace) ? workspace[0] : workspace
  ).then(
    ({ status, body }) => send(response, status, body),
    (error) => {
      console.error(error)
      send(response, 500, { title: 'Internal error' })
    }
  )
})

server.listen(Number(process.env.PORT), '127.0.0.1')

const stop = () => {
  server.close()
  server.closeAllConnections()
  pool.end().finally(() => process.exit(0))
}
process.once('SIGTERM', stop)
process.once('SIGINT', stop)
