import { writeFile } from 'node:fs/promises'
import { BaseCommand } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { ENV_EXAMPLE_FILE, generateEnvExample } from '#core/runtime/env_example'

/**
 * `node ace env:example`: rewrites `.env.example` from the environment schema
 * (core/start/env.ts). A unit test fails when the committed file drifts.
 */
export default class EnvExample extends BaseCommand {
  static commandName = 'env:example'
  static description = 'Regenerate .env.example from the environment schema (core/start/env.ts)'
  static options: CommandOptions = { startApp: false }

  async run() {
    const text = await generateEnvExample(this.app.appRoot)
    await writeFile(new URL(ENV_EXAMPLE_FILE, this.app.appRoot), text)
    this.logger.success(`wrote ${ENV_EXAMPLE_FILE}`)
  }
}
