import { randomBytes } from 'node:crypto'
import type { ApplicationService } from '@adonisjs/core/types'
import type { PlatformRuntime } from '#core/runtime/platform_runtime'
import { benchPlugins } from './plugins.ts'

/** The platform booted inside the bench process. */
export interface BootedApp {
  app: ApplicationService
  platform: PlatformRuntime
}

/**
 * Boots the platform in console mode inside this process, with the same
 * Ignitor as `core/bin/console.ts` (providers, config, env validation), so the
 * platform's own helpers (withTenant, enqueue, tenantJob, JobRuntime) can be
 * called directly. `env` is applied to process.env before the config is read.
 * Nothing starts on its own in console mode: no HTTP server, no worker.
 */
export async function bootPlatform(env: Record<string, string>): Promise<BootedApp> {
  Object.assign(process.env, env)
  await import('reflect-metadata')
  const { createIgnitor } = await import('../../core/bin/ignitor.ts')
  const app = createIgnitor().createApp('console')
  await app.init()
  await app.boot()
  await app.start(() => {})
  const platform = await app.container.make('platform')
  return { app, platform }
}

/**
 * Boots the platform in this process as the HTTP server does (`web`
 * environment: routes, tenant middleware, database prepared before listening),
 * on HOST:PORT from `env`. The bench then calls the platform's services directly
 * and its routes over loopback HTTP.
 */
export async function bootWebPlatform(env: Record<string, string>): Promise<BootedApp> {
  Object.assign(process.env, env)
  await import('reflect-metadata')
  const { createIgnitor } = await import('../../core/bin/ignitor.ts')
  const ignitor = createIgnitor()
  await ignitor.httpServer().start()
  const app = ignitor.getApp()
  if (!app) throw new Error('the platform did not boot')
  const platform = await app.container.make('platform')
  return { app, platform }
}

/**
 * The environment every bench run of the platform starts from, in this process
 * or in a child: production mode, a fresh APP_KEY, the run's DATA_DIR, no
 * worker, no demo data, `warn` logging, the plugins the server can run
 * (bench/lib/plugins.ts); `extra` adds or overrides settings.
 */
export function platformEnv(
  databaseUrl: string,
  dataDir: string,
  extra: Record<string, string> = {}
): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    NODE_ENV: 'production',
    APP_KEY: randomBytes(32).toString('base64url'),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    WORKER: 'off',
    DEMO_SEED: 'false',
    PLUGINS: benchPlugins(),
    // API rate limits stay on (their counter is part of every request's cost)
    // with a ceiling no bench reaches: BENCH_RATE_LIMIT=memory (default, the
    // platform's default store), database (RATE_LIMIT_STORE=database) or off.
    RATE_LIMIT_PLANS: process.env.BENCH_RATE_LIMIT === 'off' ? 'free:0' : 'free:1000000000',
    RATE_LIMIT_DEFAULT: process.env.BENCH_RATE_LIMIT === 'off' ? '0' : '1000000000',
    RATE_LIMIT_STORE: process.env.BENCH_RATE_LIMIT === 'database' ? 'database' : 'memory',
    ...extra,
  }
}
