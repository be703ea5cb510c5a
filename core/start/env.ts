/*
| Environment variables: validated and cast once at boot. Every variable is
| optional so that `npm start` works on a fresh clone; production deployments
| set APP_KEY and DATABASE_URL explicitly (see README "Configuration").
*/
import { Env } from '@adonisjs/core/env'

export default await Env.create(new URL('../../', import.meta.url), {
  NODE_ENV: Env.schema.enum.optional(['development', 'production', 'test'] as const),
  PORT: Env.schema.number.optional(),
  HOST: Env.schema.string.optional({ format: 'host' }),
  APP_KEY: Env.schema.secret.optional(),
  APP_URL: Env.schema.string.optional({ format: 'url', tld: false }),
  /** Proxies whose X-Forwarded-For is trusted (comma list of addresses or loopback/linklocal/uniquelocal). */
  TRUST_PROXY: Env.schema.string.optional(),
  LOG_LEVEL: Env.schema.enum.optional([
    'fatal',
    'error',
    'warn',
    'info',
    'debug',
    'trace',
    'silent',
  ] as const),

  /** External PostgreSQL (>= 15). Unset: the embedded PGlite database under DATA_DIR. */
  DATABASE_URL: Env.schema.string.optional(),
  /** Where the embedded database and generated local secrets live. */
  DATA_DIR: Env.schema.string.optional(),
  /** `disk` (default) keeps the embedded database under DATA_DIR; `memory` keeps it in RAM. */
  EMBEDDED_STORAGE: Env.schema.enum.optional(['disk', 'memory'] as const),
  /** Size of the Lucid connection pool. */
  DB_POOL_MAX: Env.schema.number.optional(),

  /** Comma separated plugin names, `all` (default) or `none`. */
  PLUGINS: Env.schema.string.optional(),
  /** Extra folder searched for plugins besides ./plugins (used by tests and by external plugins). */
  PLUGINS_EXTRA_DIR: Env.schema.string.optional(),

  /** `in-process` (default): `npm start` also runs a worker; `off`: run `node ace worker` separately. */
  WORKER: Env.schema.enum.optional(['in-process', 'off'] as const),
  WORKER_CONCURRENCY: Env.schema.number.optional(),
  /** Fill the database with the demo user, workspace and plugin data on start (default true). */
  DEMO_SEED: Env.schema.boolean.optional(),
  /** Lifetime of user access tokens, e.g. `30 days`. */
  ACCESS_TOKEN_TTL: Env.schema.string.optional(),
  /** Registrations allowed per IP per hour. */
  REGISTER_MAX_PER_HOUR: Env.schema.number.optional(),
  /** Login attempts allowed per email+IP per 15 minutes. */
  LOGIN_MAX_ATTEMPTS: Env.schema.number.optional(),

  /** Webhook delivery: HTTP attempts per delivery, backoff, auto-disable, limits (docs/guide/webhooks.md). */
  WEBHOOK_MAX_ATTEMPTS: Env.schema.number.optional(),
  WEBHOOK_RETRY_BASE_MS: Env.schema.number.optional(),
  WEBHOOK_RETRY_MAX_DELAY_MS: Env.schema.number.optional(),
  WEBHOOK_DISABLE_AFTER_FAILURES: Env.schema.number.optional(),
  WEBHOOK_TIMEOUT_MS: Env.schema.number.optional(),
  WEBHOOK_MAX_RESPONSE_BYTES: Env.schema.number.optional(),
  /** Non-public IPs/CIDRs webhooks may target (development), or `all`. Default: none. */
  WEBHOOK_ALLOWED_PRIVATE_TARGETS: Env.schema.string.optional(),
  /** Days outbox events and their delivery log are kept. */
  WEBHOOK_RETENTION_DAYS: Env.schema.number.optional(),
})
