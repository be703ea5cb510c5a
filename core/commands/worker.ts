import { BaseCommand } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * `node ace worker`: runs only the job worker (no HTTP), for dedicated worker
 * machines. Stops gracefully on SIGINT/SIGTERM. With the embedded database the
 * worker already runs inside `npm start` (PGlite serves one process).
 */
export default class Worker extends BaseCommand {
  static commandName = 'worker'
  static description = 'Run the background job worker (graphile-worker) without the HTTP server'
  static options: CommandOptions = { startApp: true, staysAlive: true }

  async run() {
    const platform = await this.app.container.make('platform')
    try {
      const { default: operations } = await import('#config/operations')
      await platform.prepare({ seed: false, migrate: operations.migrateOnStart })
      await platform.startWorker()
    } catch (error) {
      // A command that stays alive is not terminated by Ace when it fails: end
      // the app here (the embedded database would keep the process running),
      // with a failing exit code; Ace then prints the error.
      this.exitCode = 1
      await this.app.terminate()
      throw error
    }
    this.logger.success('worker running (Ctrl+C to stop)')
    const stop = async () => {
      this.logger.info('stopping worker…')
      await this.app.terminate()
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  }
}
