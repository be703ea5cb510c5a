import { resolve } from 'node:path'
import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { definePlatformConfig } from '#core/platform_config'

const databaseUrl = env.get('DATABASE_URL')
const embedded = !databaseUrl
const isTest = app.inTest

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
    poolMax: env.get('DB_POOL_MAX', 10),
  },
  plugins: {
    enabled: parsePluginList(env.get('PLUGINS', 'all')),
    directories: [
      app.makePath('plugins'),
      ...(env.get('PLUGINS_EXTRA_DIR') ? [resolve(env.get('PLUGINS_EXTRA_DIR')!)] : []),
    ],
  },
  worker: {
    inProcess: env.get('WORKER', isTest ? 'off' : 'in-process') === 'in-process',
    concurrency: env.get('WORKER_CONCURRENCY', embedded ? 2 : 5),
    pollInterval: embedded ? 100 : 2000,
    preparedStatements: !embedded,
  },
  auth: {
    accessTokenTtl: env.get('ACCESS_TOKEN_TTL', '30 days'),
    loginMaxAttempts: env.get('LOGIN_MAX_ATTEMPTS', 10),
    registerMaxPerHour: env.get('REGISTER_MAX_PER_HOUR', isTest ? 10_000 : 20),
  },
  demoSeed: env.get('DEMO_SEED', !isTest && !app.inProduction),
})

function parsePluginList(value: string): 'all' | 'none' | string[] {
  const trimmed = value.trim()
  if (trimmed === 'all' || trimmed === '') return 'all'
  if (trimmed === 'none') return 'none'
  return trimmed
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean)
}
