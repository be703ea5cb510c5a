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
    await platform.prepare({ seed: false })
    await platform.startWorker()
    this.logger.success('worker running (Ctrl+C to stop)')
    const stop = async () => {
      this.logger.info('stopping worker…')
      await this.app.terminate()
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  }
}
