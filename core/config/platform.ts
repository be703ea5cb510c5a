import { resolve } from 'node:path'
import { isIP } from 'node:net'
import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { definePlatformConfig } from '#core/platform_config'

const databaseUrl = env.get('DATABASE_URL')
const embedded = !databaseUrl
const isTest = app.inTest
const workerConcurrency = env.get('WORKER_CONCURRENCY', embedded ? 2 : 5)

/**
 * Platform settings: database mode, plugins, worker and auth. Every value can be
 * overridden with the environment variables documented in the README.
 */
export default definePlatformConfig({
  dataDir: resolve(app.makePath(env.get('DATA_DIR', '.data'))),
  database: {
    mode: embedded ? 'embedded' : 'external',
    url: databaseUrl,
    embeddedStorage: env.get('EMBEDDED_STORAGE', isTest ? 'memory' : 'disk'),
    embeddedFsync: env.get('EMBEDDED_FSYNC', 'on') === 'on',
    poolMax: env.get('DB_POOL_MAX', 10),
  },
  plugins: {
    enabled: parsePluginList(env.get('PLUGINS', 'all')),
    directories: [
      app.makePath('plugins'),
      ...(env.get('PLUGINS_EXTRA_DIR') ? [resolve(env.get('PLUGINS_EXTRA_DIR')!)] : []),
    ],
    modulesDirectory: app.makePath('core/modules'),
  },
  worker: {
    inProcess: env.get('WORKER', isTest ? 'off' : 'in-process') === 'in-process',
    concurrency: workerConcurrency,
    pollInterval: embedded ? 100 : 2000,
    // Named prepared statements live in a server session: not behind the
    // embedded multiplexer, nor behind a transaction-mode pooler (DB_POOLER).
    preparedStatements: !embedded && env.get('DB_POOLER', 'none') !== 'transaction',
    // Batching pays off with a real server; the embedded session serialises everything anyway.
    localQueueSize: env.get('WORKER_LOCAL_QUEUE_SIZE', embedded ? 0 : 4 * workerConcurrency),
    jobBatchDelay: embedded ? -1 : 0,
    leaseSeconds: Math.max(3, env.get('WORKER_LEASE_SECONDS', 30)),
    slowJobSeconds: env.get('WORKER_SLOW_JOB_SECONDS', 900),
  },
  auth: {
    accessTokenTtl: env.get('ACCESS_TOKEN_TTL', '30 days'),
    loginMaxAttempts: env.get('LOGIN_MAX_ATTEMPTS', 10),
    loginMaxFailuresPerIp: env.get('LOGIN_MAX_FAILURES_PER_IP', 20),
    loginWindowMinutes: env.get('LOGIN_WINDOW_MINUTES', 15),
    registerMaxPerHour: env.get('REGISTER_MAX_PER_HOUR', isTest ? 10_000 : 20),
  },
  demoSeed: env.get('DEMO_SEED', !isTest && !app.inProduction),
  embedAssetsDir: resolve(app.makePath(env.get('EMBED_ASSETS_DIR', 'web-components/dist'))),
  webhooks: {
    maxAttempts: env.get('WEBHOOK_MAX_ATTEMPTS', 8),
    retryBaseMs: env.get('WEBHOOK_RETRY_BASE_MS', isTest ? 20 : 30_000),
    retryMaxDelayMs: env.get('WEBHOOK_RETRY_MAX_DELAY_MS', isTest ? 200 : 6 * 3_600_000),
    disableAfterFailures: env.get('WEBHOOK_DISABLE_AFTER_FAILURES', 5),
    timeoutMs: env.get('WEBHOOK_TIMEOUT_MS', isTest ? 2_000 : 10_000),
    maxResponseBytes: env.get('WEBHOOK_MAX_RESPONSE_BYTES', 64 * 1024),
    allowedPrivateTargets: parseTargets(
      env.get('WEBHOOK_ALLOWED_PRIVATE_TARGETS', isTest ? '127.0.0.0/8,::1/128' : '')
    ),
    secretGraceHours: env.get('WEBHOOK_SECRET_GRACE_HOURS', 24),
    retentionDays: env.get('WEBHOOK_RETENTION_DAYS', 30),
  },
})

/** `all`, or a comma-separated list of IPs/CIDRs (checked when the config loads). */
function parseTargets(value: string): string[] | 'all' {
  const trimmed = value.trim()
  if (trimmed === 'all') return 'all'
  const entries = trimmed
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
  for (const entry of entries) {
    const [address, bits, extra] = entry.split('/')
    const family = isIP(address)
    const max = family === 4 ? 32 : 128
    if (
      !family ||
      extra !== undefined ||
      (bits !== undefined && !(/^\d{1,3}$/.test(bits) && Number(bits) <= max))
    ) {
      throw new Error(`WEBHOOK_ALLOWED_PRIVATE_TARGETS: "${entry}" is not an IP address or CIDR`)
    }
  }
  return entries
}

function parsePluginList(value: string): 'all' | 'none' | string[] {
  const trimmed = value.trim()
  if (trimmed === 'all' || trimmed === '') return 'all'
  if (trimmed === 'none') return 'none'
  return trimmed
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean)
}
