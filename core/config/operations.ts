import env from '#start/env'
import app from '@adonisjs/core/services/app'

/** `plan:limit` pairs of RATE_LIMIT_PLANS, checked when the config loads. */
function parsePlans(value: string): Record<string, number> {
  const plans: Record<string, number> = {}
  for (const entry of value.split(',').map((part) => part.trim())) {
    if (!entry) continue
    const match = /^([a-z0-9_-]+):(\d+)$/i.exec(entry)
    if (!match) {
      throw new Error(`RATE_LIMIT_PLANS: "${entry}" is not "plan:requests_per_minute"`)
    }
    plans[match[1].toLowerCase()] = Number(match[2])
  }
  return plans
}

/**
 * Operations settings (docs/guide/deploy.md): the metrics endpoint's token,
 * the API rate limits per workspace plan, and whether the server migrates on
 * start.
 */
const operationsConfig = {
  /** Bearer token of GET /metrics; undefined: the endpoint answers 404. */
  metricsToken: env.get('METRICS_TOKEN')?.release() || undefined,
  rateLimit: {
    /** Requests per minute by workspace plan (0: no limit). */
    // No limits in tests unless a test sets them (suites reuse one token for many requests).
    plans: parsePlans(
      env.get('RATE_LIMIT_PLANS', app.inTest ? '' : 'free:300,pro:1200,enterprise:6000')
    ),
    /** Requests per minute of a plan that `plans` does not list (0: no limit). */
    defaultPerMinute: env.get('RATE_LIMIT_DEFAULT', app.inTest ? 0 : 300),
    /**
     * Where the counters live: `memory` (default: per process, so each API
     * node counts alone) or `database` (the `rate_limits` table, one count
     * shared by every node, at one statement per request; see
     * docs/reference/benchmarks.md).
     */
    store: env.get('RATE_LIMIT_STORE', 'memory'),
    /** Length of one rate-limit window, in seconds. */
    windowSeconds: 60,
  },
  /** Run migrations (and the worker schema) when the server starts. */
  migrateOnStart: env.get('DB_MIGRATE_ON_START', true),
}

export default operationsConfig

/** The operations settings, as read from the environment. */
export type OperationsConfig = typeof operationsConfig
