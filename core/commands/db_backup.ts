import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { resolve } from 'node:path'
import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import platform from '#config/platform'
import { backupEmbedded } from '#core/database/embedded_backup'
import { timestamp } from '#core/database/restore_journal'
import { findSetupError } from '#core/exceptions/setup_error'

/**
 * `node ace db:backup [--output file]`: a consistent backup while the app runs.
 *
 * Embedded database: PGlite lives in one process, the one holding the data
 * folder's lock. If a server holds it, this command asks that server over its
 * backup socket (`DATA_DIR/run/backup.sock`, mode 0600, no TCP) and the server
 * dumps the cluster between two statements, while it keeps serving; if none
 * holds it, this command takes the lock and dumps the cluster itself. The
 * archive (`.zip`: `manifest.json` with versions and SHA-256, and PGlite's
 * `pgdata.tar.gz`) is what `db:restore` reads. See docs/guide/deploy.md#backups.
 *
 * External PostgreSQL (DATABASE_URL): runs `pg_dump --format=custom` when it
 * is on the PATH, and otherwise says how to run it; it never writes anything
 * that only looks like a backup.
 */
export default class DbBackup extends BaseCommand {
  static commandName = 'db:backup'
  static description =
    'Back up the database (embedded: a consistent archive, even while the server runs)'
  static options: CommandOptions = { startApp: true }

  @flags.string({
    alias: 'o',
    description: 'Archive to write (default: aip-backup-<UTC time>.zip or .dump)',
  })
  declare output?: string

  async run() {
    if (platform.database.mode === 'external') return this.#pgDump(platform.database.url!)
    if (platform.database.embeddedStorage === 'memory') {
      this.logger.error(
        'EMBEDDED_STORAGE=memory: the database lives in memory only, there is nothing to back up.'
      )
      this.exitCode = 1
      return
    }
    const file = resolve(this.output ?? `aip-backup-${timestamp()}.zip`)
    try {
      const { takenBy, pid } = await backupEmbedded(platform, file)
      this.logger.success(
        `wrote ${file} (taken by ${takenBy === 'server' ? `the server process ${pid}` : 'this process'})`
      )
    } catch (error) {
      const setup = findSetupError(error)
      if (!setup) throw error
      this.logger.error(setup.message)
      this.exitCode = 1
    }
  }

  /** External PostgreSQL: pg_dump, the database's own consistent backup (one snapshot). */
  async #pgDump(url: string) {
    const file = resolve(this.output ?? `aip-backup-${timestamp()}.dump`)
    const child = spawn('pg_dump', ['--format=custom', `--file=${file}`, `--dbname=${url}`], {
      stdio: ['ignore', 'inherit', 'inherit'],
    })
    const [code] = (await Promise.race([
      once(child, 'exit'),
      once(child, 'error').then(([error]) => {
        throw error
      }),
    ]).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error
      this.logger.error(
        'DATABASE_URL is set (external PostgreSQL) and pg_dump is not on the PATH. Install the ' +
          "PostgreSQL client tools (the server's major version or newer) and run: " +
          `pg_dump --format=custom --file=${file} "$DATABASE_URL"`
      )
      return [1]
    })) as [number | null]
    if (code === 0) this.logger.success(`wrote ${file} (pg_dump --format=custom)`)
    this.exitCode = code ?? 1
  }
}
