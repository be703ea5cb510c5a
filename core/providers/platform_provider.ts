import type { ApplicationService } from '@adonisjs/core/types'
import { PlatformRuntime } from '#core/runtime/platform_runtime'
import type { PlatformConfig } from '#core/platform_config'
import { EMBED_BUILD_COMMAND, embedAssetsDir, missingEmbedAssets } from '#core/http/embed_assets'
import { hasMailRelay, mailRelayDescription } from '#core/mail/mail_transport'

declare module '@adonisjs/core/types' {
  interface ContainerBindings {
    platform: PlatformRuntime
  }
}

/**
 * Wires the platform into the AdonisJS lifecycle: binds the runtime, prepares the database before
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

  /** Web: the database must be ready before the first request is accepted; missing embed assets are reported. */
  async start() {
    if (this.app.getEnvironment() !== 'web') return
    const platform = await this.app.container.make('platform')
    const config = this.app.config.get<PlatformConfig>('platform')
    const { default: operations } = await import('#config/operations')
    await platform.prepare({ seed: config.demoSeed, migrate: operations.migrateOnStart })
    await warnIfEmbedAssetsMissing(this.app)
    await reportMailRelay(this.app)
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

/**
 * The server starts without the built web components (the API works without
 * them) but says how to build them: `/embed/v1/*` answers 503 until then.
 */
async function warnIfEmbedAssetsMissing(app: ApplicationService) {
  const missing = missingEmbedAssets()
  if (!missing.length) return
  const logger = await app.container.make('logger')
  logger.warn(
    `Embed assets not built: ${missing.join(', ')} missing from ${embedAssetsDir()}; ` +
      `/embed/v1/ answers 503 until you run \`${EMBED_BUILD_COMMAND}\``
  )
}

/**
 * Mail is never dropped silently: without SMTP_HOST the start log says that
 * messages are kept in the development outbox and where to read them.
 */
async function reportMailRelay(app: ApplicationService) {
  const logger = await app.container.make('logger')
  if (hasMailRelay()) {
    logger.info(`Mail goes out through the SMTP relay ${mailRelayDescription()}`)
    return
  }
  logger.warn(
    'SMTP_HOST is not set: no mail leaves this server; every message is kept in the development ' +
      'outbox, listed at GET /v1/mail/dev-outbox for clients on this machine'
  )
}
