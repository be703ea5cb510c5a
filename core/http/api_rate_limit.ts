import type { HttpContext } from '@adonisjs/core/http'
import limiter from '@adonisjs/limiter/services/main'
import { errors as limiterErrors, LimiterResponse } from '@adonisjs/limiter'
import operations from '#config/operations'

/** A request's slot in its credential's rate-limit window. */
export interface RateLimitCount {
  key: string
  consumed: number
  /** Seconds until the window resets. */
  availableIn: number
}

/** Requests per window allowed for a workspace plan (0: no limit). */
export function planLimit(plan: string | null | undefined): number {
  const { plans, defaultPerMinute } = operations.rateLimit
  return plan && plan in plans ? plans[plan] : defaultPerMinute
}

/** Whether any plan has a limit at all (otherwise nothing is counted). */
function limitsEnabled() {
  const { plans, defaultPerMinute } = operations.rateLimit
  return defaultPerMinute > 0 || Object.values(plans).some((limit) => limit > 0)
}

/** The limiter of the current settings, kept while they stay the same (tests change them). */
let cached: { key: string; limiter: ReturnType<typeof limiter.use> } | undefined

/**
 * The credential counter. `limiter.use()` parses its duration string and
 * builds its cache key on every call (a measurable share of a request's CPU),
 * so the limiter is kept for as long as the store, ceiling and window stay the same.
 */
function counter() {
  const { plans, defaultPerMinute, windowSeconds, store } = operations.rateLimit
  const ceiling = Math.max(1, defaultPerMinute, ...Object.values(plans))
  const key = `${store}:${ceiling}:${windowSeconds}`
  if (cached?.key !== key) {
    cached = {
      key,
      limiter: limiter.use(store, { requests: ceiling, duration: `${windowSeconds} seconds` }),
    }
  }
  return cached.limiter
}

/**
 * Counts one API request against its credential (an access token or API key,
 * by id): by default in this process's memory (RATE_LIMIT_STORE=memory); with
 * RATE_LIMIT_STORE=database in the `rate_limits` table that every API node
 * shares (the same PostgreSQL store as the login throttle). Counted before the tenant
 * transaction opens, as the embed keys do: the embedded database runs one
 * transaction at a time. The plan's limit is only known inside; `enforce`
 * compares there.
 */
export async function countApiRequest(
  kind: string,
  credentialId: string
): Promise<RateLimitCount | null> {
  if (!limitsEnabled()) return null
  const key = `api_${kind}_${credentialId}`
  const state = await counter().increment(key)
  return { key, consumed: state.consumed, availableIn: state.availableIn }
}

/** Gives a slot back (a request whose credential turned out invalid does not count). */
export async function releaseApiRequest(count: RateLimitCount | null) {
  if (count) await counter().decrement(count.key)
}

/**
 * Sets the `RateLimit-*` headers (IETF httpapi draft: limit, remaining,
 * seconds to reset, policy) and answers 429 with `Retry-After` when the
 * credential's plan limit is exceeded.
 */
export function enforceApiRateLimit(
  ctx: HttpContext,
  count: RateLimitCount | null,
  plan: string | null | undefined
) {
  const limit = planLimit(plan)
  if (!count || limit <= 0) return
  const reset = Math.max(0, Math.ceil(count.availableIn))
  ctx.response.header('RateLimit-Limit', String(limit))
  ctx.response.header('RateLimit-Remaining', String(Math.max(0, limit - count.consumed)))
  ctx.response.header('RateLimit-Reset', String(reset))
  ctx.response.header('RateLimit-Policy', `${limit};w=${operations.rateLimit.windowSeconds}`)
  if (count.consumed > limit) {
    throw new limiterErrors.E_TOO_MANY_REQUESTS(
      new LimiterResponse({
        limit,
        remaining: 0,
        consumed: count.consumed,
        availableIn: reset,
      })
    )
  }
}
