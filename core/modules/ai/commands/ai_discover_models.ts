import { BaseCommand } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { discoverModels } from '../services/model_discovery.js'

/**
 * `node ace ai:discover-models`: runs the AI model discovery now (the same work
 * as the monthly `core/ai_discover_models` job), e.g. after configuring a new
 * provider key. Exits with 1 when every configured provider failed.
 */
export default class AiDiscoverModels extends BaseCommand {
  static commandName = 'ai:discover-models'
  static description = "List the AI providers' models now and update the model registry"
  static options: CommandOptions = { startApp: true }

  async run() {
    const platform = await this.app.container.make('platform')
    await platform.prepare({ seed: false })
    const run = await discoverModels()
    if (run.providersChecked.length === 0) {
      this.logger.warning('no provider has a platform key: nothing to discover')
    }
    this.logger.info(
      `${run.status}: checked ${run.providersChecked.join(', ') || 'none'}; ` +
        `${run.modelsDiscovered} listed, ${run.modelsAdded} added, ${run.modelsDeprecated} deactivated`
    )
    for (const error of run.errors) this.logger.error(`${error.provider}: ${error.message}`)
    if (run.status === 'failed') this.exitCode = 1
  }
}
