import app from '@adonisjs/core/services/app'
import type { PlatformRuntime } from '#core/runtime/platform_runtime'

let platform: PlatformRuntime

await app.booted(async () => {
  platform = await app.container.make('platform')
})

/** The platform runtime singleton (database preparation, worker, plugins). */
export { platform as default }
