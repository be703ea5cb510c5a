import type { ApplicationService } from '@adonisjs/core/types'
import { PlatformRuntime } from '#core/services/platform_runtime'
import type { PlatformConfig } from '#core/platform_config'

declare module '@adonisjs/core/types' {
  interface ContainerBindings {
    platform: PlatformRuntime
  }
}

/**
 * Wires the platform into the AdonisJS lifecycle: binds the runtime, routes
 * tenant models through the tenant transaction, prepares the database before
 * the HTTP server listens, starts the in-process worker, and shuts everything
 * down in order.
 */
export default class PlatformProvider {
  constructor(protected app: ApplicationService) {}

  #resolved = false

  register() {
    this.app.container.singleton('platform', async (resolver) => {
      this.#resolved = true
      const config = this.app.config.get<PlatformConfig>('platform')
      const db = await resolver.make('lucid.db')
      const logger = await resolver.make('logger')
      return new PlatformRuntime(this.app, config, db, logger)
    })
  }

  async boot() {
    await import('#core/openapi/route_macro')
  }

  /** Web: the database must be ready before the first request is accepted. */
  async start() {
    if (this.app.getEnvironment() !== 'web') return
    const platform = await this.app.container.make('platform')
    const config = this.app.config.get<PlatformConfig>('platform')
    await platform.prepare({ seed: config.demoSeed })
  }

  async ready() {
    if (this.app.getEnvironment() !== 'web') return
    const config = this.app.config.get<PlatformConfig>('platform')
    if (!config.worker.inProcess) return
    const platform = await this.app.container.make('platform')
    await platform.startWorker()
  }

  async shutdown() {
    if (!this.#resolved) return
    const platform = await this.app.container.make('platform')
    await platform.shutdown()
  }
}
