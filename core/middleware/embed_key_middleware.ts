import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import limiter from '@adonisjs/limiter/services/main'
import { errors as limiterErrors, LimiterResponse } from '@adonisjs/limiter'
import { runTransaction } from '#core/database/run_transaction'
import { rawQuery } from '#core/database/raw_query'
import { Problem } from '#core/http/problem'
import { runInContext, type EmbedSession, type TenantContext } from '#core/tenancy/tenant_context'
import { withAnonymous } from '#core/tenancy/anonymous_transaction'
import {
  bearerToken,
  sessionRefused,
  sessionScopeAllows,
  verifyEmbedSession,
} from '#core/auth/embed_session'

/** Options of `middleware.embedKey({ capability })`. */
export interface EmbedKeyOptions {
  /** Capability the key must carry (e.g. `leads:submit`); any valid key when absent. */
  capability?: string
  /** `required` or `optional`: the route reads an end-user session token (see embed_session.ts). */
  session?: 'required' | 'optional'
  /** End-user scope the session token must grant. */
  sessionScope?: string
}

/** The publishable key an embed request was accepted with (`ctx.embedKey`). */
export interface AcceptedEmbedKey {
  id: string
  workspaceId: string
  capabilities: string[]
  origin: string
}

declare module '@adonisjs/core/http' {
  interface HttpContext {
    /** Set by the embedKey middleware on public embed routes. */
    embedKey?: AcceptedEmbedKey
    /** Set by the embedKey middleware on routes with `session` when a token was verified. */
    embedSession?: EmbedSession
  }
}

/** Shape of a publishable key; anything else is refused before the database. */
const PUBLIC_KEY = /^pk_[A-Za-z0-9_-]{32}$/

/** Highest per-minute limit a key may have (the validators' bound); the counter counts up to it. */
const MAX_RATE_LIMIT_PER_MINUTE = 10_000

/** Resolves the key, enters its workspace and switches to app_anon: one round trip. */
const AUTHENTICATE_SQL = `select k.key_id, k.workspace_id, k.allowed_origins, k.capabilities,
  k.rate_limit_per_minute, k.revoked,
  set_config('role', 'app_anon', true) as role
  from app.embed_authenticate(?) k`

/** Request headers a cross-origin embed may send. */
const ALLOWED_HEADERS = 'Authorization, Content-Type, Accept, Accept-Language, X-Embed-Key'

/**
 * Guards public embed routes used by widgets on other sites: reads the
 * publishable key (`X-Embed-Key` header or `?key=`), requires the request's
 * Origin to be one of the key's allowed origins (CORS headers are sent only to
 * those), answers CORS preflights, checks the capability, rate limits per key
 * and client IP, then runs the handler in a tenant transaction as `app_anon`
 * inside the key's workspace (no user). On routes with `session`, verifies the
 * end-user session token (`Authorization: Bearer`) in that transaction and
 * puts it in the tenant context (`embedSession()`). Like the tenant
 * middleware, any error response rolls the transaction back.
 */
export default class EmbedKeyMiddleware {
  async handle(ctx: HttpContext, next: NextFn, options: EmbedKeyOptions = {}) {
    const { request, response } = ctx
    response.header('Vary', 'Origin')
    const origin = requestOrigin(ctx)
    const key = readKey(ctx)

    if (request.method() === 'OPTIONS') {
      await answerPreflight(ctx, origin, key)
      return
    }

    if (!key) {
      throw new Problem(
        401,
        'unauthorized',
        'Unauthorized',
        'A publishable embed key is required (X-Embed-Key header or ?key=)'
      )
    }
    if (!origin) {
      throw Problem.forbidden('Embed requests must come from a browser page (Origin header)')
    }

    // Counted before the transaction opens: the embedded database runs one
    // transaction at a time, so a counter written while the request's own
    // transaction is open would wait for it. The key's own limit is only known
    // inside, where the count is compared with it. A request the key itself
    // refuses (unknown or revoked, origin, capability) gives its slot back:
    // only requests the key admits count towards its limit.
    const counter = limiter.use({ requests: MAX_RATE_LIMIT_PER_MINUTE, duration: '1 minute' })
    const counterKey = `embed_${key}_${request.ip()}`
    const count = PUBLIC_KEY.test(key) ? await counter.increment(counterKey) : null
    let refusedByKey = false
    const refuse = (problem: Problem) => {
      refusedByKey = true
      return problem
    }

    try {
      await runTransaction(async (trx) => {
        const result = count ? await rawQuery(trx, AUTHENTICATE_SQL, [key]) : null
        const row = result?.rows[0]
        if (!row || row.revoked) {
          throw refuse(
            new Problem(
              401,
              'unauthorized',
              'Unauthorized',
              'The embed key is unknown or has been revoked'
            )
          )
        }
        if (!(row.allowed_origins as string[]).includes(origin)) {
          throw refuse(Problem.forbidden(`The origin ${origin} is not allowed for this embed key`))
        }
        allowOrigin(ctx, origin)
        if (options.capability && !(row.capabilities as string[]).includes(options.capability)) {
          throw refuse(
            Problem.forbidden(`The embed key lacks the "${options.capability}" capability`)
          )
        }
        if (count && count.consumed > row.rate_limit_per_minute) {
          throw new limiterErrors.E_TOO_MANY_REQUESTS(
            new LimiterResponse({
              limit: row.rate_limit_per_minute,
              remaining: 0,
              consumed: count.consumed,
              availableIn: count.availableIn,
            })
          )
        }

        ctx.embedKey = {
          id: row.key_id,
          workspaceId: row.workspace_id,
          capabilities: row.capabilities,
          origin,
        }
        const context: TenantContext = {
          userId: null,
          workspaceId: row.workspace_id,
          workspaceRole: null,
          scopes: row.capabilities,
          via: 'anonymous',
          credentialId: row.key_id,
          credentialWorkspaceId: row.workspace_id,
          role: 'app_anon',
          trx,
        }
        if (options.session) {
          const token = bearerToken(request.header('authorization'))
          if (token) {
            context.embedSession = await verifyEmbedSession(trx, token)
            ctx.embedSession = context.embedSession
          } else if (options.session === 'required') {
            throw sessionRefused(
              'missing',
              'this route needs an end-user session token (Authorization: Bearer)'
            )
          }
          const scope = options.sessionScope
          if (
            scope &&
            context.embedSession &&
            !sessionScopeAllows(context.embedSession.scopes, scope)
          ) {
            throw sessionRefused(
              'insufficient scope',
              `the session token lacks the "${scope}" scope`,
              403
            )
          }
        }
        await runInContext(context, () => next())
      }, committable)
    } catch (error) {
      if (count && refusedByKey) await counter.decrement(counterKey)
      throw error
    }

    /** Any 4xx/5xx response rolls the request back (see the tenant middleware). */
    function committable() {
      return response.getStatus() < 400
    }
  }
}

/**
 * The page origin the request comes from. Browsers send `Origin` on every
 * cross-origin request, but not on same-origin GETs (the platform's own demo
 * page): those carry `Sec-Fetch-Site: same-origin`, and the origin is the
 * platform's own.
 */
function requestOrigin(ctx: HttpContext): string | undefined {
  const origin = ctx.request.header('origin')
  if (origin) return origin
  if (ctx.request.header('sec-fetch-site') === 'same-origin') {
    return `${ctx.request.protocol()}://${ctx.request.host()}`
  }
  return undefined
}

/** The key from the `X-Embed-Key` header, else from the `key` query parameter. */
function readKey(ctx: HttpContext): string | undefined {
  const header = ctx.request.header('x-embed-key')
  if (header) return header.trim()
  const query = ctx.request.qs().key
  return typeof query === 'string' && query ? query : undefined
}

/** CORS headers for an allowed origin (never `*`, never credentials). */
function allowOrigin(ctx: HttpContext, origin: string) {
  ctx.response.header('Access-Control-Allow-Origin', origin)
  ctx.response.header('Access-Control-Expose-Headers', 'Retry-After, X-Request-Id')
}

/**
 * Preflight: allowed when the key (from `?key=`) allows the origin, or, for
 * keys sent in the header (browsers do not send it with the preflight), when
 * some active key allows the origin. The real request is checked again.
 */
async function answerPreflight(ctx: HttpContext, origin: string | undefined, key?: string) {
  let allowed = false
  if (origin) {
    allowed = await withAnonymous(null, async ({ trx }) => {
      if (key) {
        if (!PUBLIC_KEY.test(key)) return false
        const result = await rawQuery(trx, `select * from app.embed_authenticate(?)`, [key])
        const row = result.rows[0]
        return Boolean(row && !row.revoked && row.allowed_origins.includes(origin))
      }
      const result = await rawQuery(trx, 'select app.embed_origin_known(?) as known', [origin])
      return Boolean(result.rows[0]?.known)
    })
  }
  if (!allowed || !origin) {
    throw Problem.forbidden('This origin is not allowed to call the embed API')
  }
  allowOrigin(ctx, origin)
  ctx.response.header('Access-Control-Allow-Methods', 'GET, POST, OPTIONS')
  ctx.response.header('Access-Control-Allow-Headers', ALLOWED_HEADERS)
  ctx.response.header('Access-Control-Max-Age', '600')
  ctx.response.status(204)
}
