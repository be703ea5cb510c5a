import { BaseCommand } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { rotateSecrets } from '../services/secret_rotation.js'
import { rotateIntegrationSecrets } from '#modules/integrations/services/index'

/**
 * `node ace secrets:rotate`: re-seals every stored secret under the current
 * vault key (the first of SECRETS_KEYS, or the APP_KEY-derived key). Run it
 * after putting a new key first; afterwards the old key can be removed.
 */
export default class SecretsRotate extends BaseCommand {
  static commandName = 'secrets:rotate'
  static description = 'Re-encrypt all stored secrets under the current vault key'
  static options: CommandOptions = { startApp: true }

  async run() {
    const platform = await this.app.container.make('platform')
    await platform.prepare({ seed: false })
    const report = await rotateSecrets()
    this.logger.info(`current key ${report.keyId}: re-sealed ${report.rotated} secret(s)`)
    for (const failure of report.failed) {
      this.logger.error(`secret ${failure.id} kept its old key: ${failure.reason}`)
    }
    // OAuth tokens, PKCE verifiers, integration credentials and webhook secrets
    // are sealed with the same keys.
    const integrations = await rotateIntegrationSecrets()
    this.logger.info(`re-sealed ${integrations.rotated} integration and webhook value(s)`)
    for (const failure of integrations.failed) {
      this.logger.error(`${failure.id} kept its old key: ${failure.reason}`)
    }
    report.failed.push(...integrations.failed)
    if (report.failed.length) {
      this.exitCode = 1
    } else {
      this.logger.success('every secret is sealed under the current key')
    }
  }
}
