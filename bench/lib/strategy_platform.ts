import { bootPlatform, platformEnv, type BootedApp } from './app.ts'

let shared: Promise<BootedApp> | undefined

/**
 * Boots the platform once in this process in console mode on the run's
 * native database, with the plugins the strategy scenarios (k) and (l) use
 * (campaigns, leads, strategy), and prepares its schema. Shared by both.
 */
export function strategyPlatform(databaseUrl: string, dataDir: string): Promise<BootedApp> {
  shared ??= (async () => {
    const booted = await bootPlatform(
      platformEnv(databaseUrl, dataDir, { PLUGINS: 'campaigns,leads,strategy' })
    )
    await booted.platform.prepare({ seed: false })
    return booted
  })()
  return shared
}

/** Stops the shared strategy platform, if it was booted. */
export async function stopStrategyPlatform() {
  if (!shared) return
  const booted = await shared
  shared = undefined
  await booted.app.terminate()
}
