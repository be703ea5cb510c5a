import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * `node ace db:prepare`: what `npm start` does to the database, without
 * serving: worker schema, plugin checks, migrations, and optionally the demo seed.
 */
export default class DbPrepare extends BaseCommand {
  static commandName = 'db:prepare'
  static description = 'Run core and plugin migrations (and the demo seed with --seed)'
  static options: CommandOptions = { startApp: true }

  @flags.boolean({ description: 'Also run the idempotent demo seed' })
  declare seed: boolean

  async run() {
    const platform = await this.app.container.make('platform')
    await platform.prepare({ seed: Boolean(this.seed) })
    this.logger.success('database ready')
  }
}
