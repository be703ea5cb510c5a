import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { PlatformConfig } from '#core/platform_config'
import {
  clusterDirectory,
  embeddedLock,
  openCluster,
  socketDirectory,
  type OpenedCluster,
} from '#core/database/embedded_postgres'
import {
  createBackupArchive,
  readBackupArchive,
  type BackupManifest,
} from '#core/database/backup_archive'
import { requestBackup } from '#core/database/backup_socket'
import { fsyncPath, fsyncTree } from '#core/database/durable_node_fs'
import {
  CLUSTER,
  STAGING,
  clearRestoreJournal,
  recoverInterruptedRestore,
  timestamp,
  writeRestoreJournal,
} from '#core/database/restore_journal'
import { SetupError } from '#core/exceptions/setup_error'

/**
 * Writes a backup archive of the embedded database to `file` and says who
 * took it. When a server process owns the data folder (its lock is live), that
 * process takes it, asked over its backup socket (see serveBackups): PGlite is
 * single-process and the server keeps writing meanwhile. When none does, this
 * process takes the lock (so no server starts meanwhile), opens the cluster
 * and dumps it. Either way the archive is written to `<file>.partial` first and
 * renamed at the end: a failed backup never leaves a truncated archive.
 */
export async function backupEmbedded(
  config: PlatformConfig,
  file: string
): Promise<{ takenBy: 'server' | 'this process'; pid: number }> {
  const lock = embeddedLock(config)
  const partial = `${file}.partial`
  try {
    const owner = lock.liveOwner()
    if (owner) {
      await requestBackup(socketDirectory(config), partial, owner)
      fsyncPath(partial)
      renameSync(partial, file)
      return { takenBy: 'server', pid: owner }
    }
    if (!existsSync(join(clusterDirectory(config), 'PG_VERSION'))) {
      throw new SetupError(`There is no embedded database in ${config.dataDir} to back up.`)
    }
    lock.acquire()
    const undone = recoverInterruptedRestore(config.dataDir)
    if (undone) console.warn(undone)
    const { db } = await openCluster(config, clusterDirectory(config))
    try {
      writeFileSync(partial, await createBackupArchive(db), { mode: 0o600 })
    } finally {
      await db.close()
    }
    fsyncPath(partial)
    renameSync(partial, file)
    return { takenBy: 'this process', pid: process.pid }
  } finally {
    rmSync(partial, { force: true })
    lock.release()
  }
}

/**
 * Replaces the embedded database with an archive's. Refuses while a process
 * owns the data folder, and otherwise holds its lock throughout, so no server
 * opens it halfway. In order, and nothing is replaced until step 3:
 *
 * 1. the archive is verified (format, SHA-256, PGlite and pgvector versions);
 * 2. it is unpacked into `pglite.restoring/`, opened once there (PostgreSQL
 *    replays its WAL) and synced to disk;
 * 3. a journal is written, the current `pglite/` is renamed to
 *    `pglite.before-restore-<time>/` and the restored cluster takes its place;
 * 4. the restored cluster is opened in `pglite/` as the server would open it;
 * 5. the journal is removed, then the previous cluster (unless `keepPrevious`).
 *
 * If step 4 fails, or the process dies between 3 and 5, the previous cluster
 * goes back to `pglite/` (here, or at the next start: recoverInterruptedRestore).
 */
export async function restoreEmbedded(
  config: PlatformConfig,
  file: string,
  options: { keepPrevious?: boolean } = {}
): Promise<{ manifest: BackupManifest; previous?: string }> {
  const lock = embeddedLock(config)
  const owner = lock.liveOwner()
  if (owner) {
    throw new SetupError(
      `The embedded database in ${config.dataDir} is in use by process ${owner}: stop it ` +
        'before restoring (a restore replaces the whole database). Nothing was changed.'
    )
  }
  const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
    throw new SetupError(
      `Cannot read ${file}: ${error.code ?? error.message}. Nothing was changed.`
    )
  })
  const { manifest, pgdata } = readBackupArchive(new Uint8Array(bytes))
  lock.acquire()
  try {
    const undone = recoverInterruptedRestore(config.dataDir)
    if (undone) console.warn(undone)
    const cluster = clusterDirectory(config)
    const staging = join(config.dataDir, STAGING)
    rmSync(staging, { recursive: true, force: true })
    await checkOpens(await openCluster(config, staging, new Blob([pgdata])))
    fsyncTree(staging)

    const previous = existsSync(cluster) ? `${CLUSTER}.before-restore-${timestamp()}` : null
    writeRestoreJournal(config.dataDir, { previous, startedAt: new Date().toISOString() })
    if (previous) renameSync(cluster, join(config.dataDir, previous))
    renameSync(staging, cluster)
    fsyncPath(config.dataDir)
    try {
      await checkOpens(await openCluster(config, cluster))
    } catch (error) {
      recoverInterruptedRestore(config.dataDir)
      throw new SetupError(
        `The restored database did not open (${(error as Error).message}); the previous one is back.`
      )
    }
    clearRestoreJournal(config.dataDir)
    if (previous && !options.keepPrevious) {
      rmSync(join(config.dataDir, previous), { recursive: true, force: true })
    }
    return {
      manifest,
      previous: previous && options.keepPrevious ? join(config.dataDir, previous) : undefined,
    }
  } finally {
    rmSync(join(config.dataDir, STAGING), { recursive: true, force: true })
    lock.release()
  }
}

/** Runs a query on a just-opened cluster (it started and its catalog reads), then closes it. */
async function checkOpens({ db }: OpenedCluster) {
  try {
    await db.query('select count(*) from pg_catalog.pg_class')
  } finally {
    await db.close()
  }
}
