import { resolve } from 'node:path'
import { args, BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import platform from '#config/platform'
import { restoreEmbedded } from '#core/database/embedded_backup'
import { findSetupError } from '#core/exceptions/setup_error'

/**
 * `node ace db:restore <file>`: replaces the embedded database with a
 * `db:backup` archive. Refuses while a server owns the data folder; verifies
 * the archive (format, SHA-256, PGlite and pgvector versions) and opens it in
 * a staging folder before anything is replaced; keeps the previous cluster
 * until the restored one has opened in its place, and puts it back if that
 * fails or the process dies meanwhile (restoreEmbedded gives the steps).
 *
 * External PostgreSQL: does not run pg_restore (that target must be an empty
 * database with the runtime roles, an operator's decision); it prints the
 * command to run.
 */
export default class DbRestore extends BaseCommand {
  static commandName = 'db:restore'
  static description = 'Restore the embedded database from a db:backup archive (server stopped)'
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'Archive written by db:backup' })
  declare file: string

  @flags.boolean({
    description: 'Keep the replaced cluster as DATA_DIR/pglite.before-restore-<time>',
  })
  declare keepPrevious: boolean

  async run() {
    const file = resolve(this.file)
    if (platform.database.mode === 'external') {
      this.logger.error(
        'DATABASE_URL is set (external PostgreSQL): db:restore restores the embedded database only ' +
          'and runs nothing here. Restore a pg_dump archive into an empty database whose runtime roles ' +
          `exist (see the README): pg_restore --no-owner --dbname="$DATABASE_URL" ${file}`
      )
      this.exitCode = 1
      return
    }
    try {
      const { manifest, previous } = await restoreEmbedded(platform, file, {
        keepPrevious: this.keepPrevious,
      })
      this.logger.success(
        `restored ${platform.dataDir} from ${file} (taken ${manifest.createdAt})` +
          (previous ? `; the replaced database is in ${previous}` : '')
      )
    } catch (error) {
      const setup = findSetupError(error)
      if (!setup) throw error
      this.logger.error(setup.message)
      this.exitCode = 1
    }
  }
}
