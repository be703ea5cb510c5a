import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fsyncPath } from '#core/database/durable_node_fs'

/** The embedded cluster's folder inside DATA_DIR. */
export const CLUSTER = 'pglite'
/** Where `db:restore` unpacks and checks an archive before it replaces anything. */
export const STAGING = 'pglite.restoring'
const JOURNAL = 'restore.json'

/**
 * What a restore in progress has moved: written (and synced) before the old
 * cluster leaves `pglite/`, removed once the restored one has opened there.
 */
export interface RestoreJournal {
  /** Folder (in DATA_DIR) holding the cluster that was in `pglite/`; null when there was none. */
  previous: string | null
  startedAt: string
}

/** Writes the journal durably: a crash after this line finds it. */
export function writeRestoreJournal(dataDir: string, journal: RestoreJournal) {
  const file = join(dataDir, JOURNAL)
  writeFileSync(file, JSON.stringify(journal), { mode: 0o600 })
  fsyncPath(file)
  fsyncPath(dataDir)
}

/** Ends a restore: the restored cluster opened in `pglite/`. */
export function clearRestoreJournal(dataDir: string) {
  rmSync(join(dataDir, JOURNAL), { force: true })
  fsyncPath(dataDir)
}

/**
 * Undoes a restore that did not finish (the process died, or the restored
 * cluster did not open): the cluster that was in `pglite/` before goes back
 * there, and whatever the restore had put in its place is moved aside to
 * `pglite.unverified-restore-<time>` (never deleted). Runs before the embedded
 * database opens, under the data folder's lock, so no process ever opens a
 * half-restored cluster. Returns what it did, for the log; undefined when
 * there was nothing to undo.
 */
export function recoverInterruptedRestore(dataDir: string): string | undefined {
  const file = join(dataDir, JOURNAL)
  if (!existsSync(file)) return undefined
  let journal: RestoreJournal
  try {
    journal = JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    // Written and synced before anything moved: unreadable means it was being written.
    journal = { previous: null, startedAt: '' }
  }
  const cluster = join(dataDir, CLUSTER)
  const previous = journal.previous ? join(dataDir, journal.previous) : undefined
  let aside: string | undefined
  if (existsSync(cluster) && (!previous || existsSync(previous))) {
    aside = `${CLUSTER}.unverified-restore-${timestamp()}`
    renameSync(cluster, join(dataDir, aside))
  }
  if (previous && existsSync(previous)) renameSync(previous, cluster)
  rmSync(join(dataDir, STAGING), { recursive: true, force: true })
  fsyncPath(dataDir)
  clearRestoreJournal(dataDir)
  return (
    'An interrupted restore was undone: the database from before it is back' +
    (aside ? `, the unverified restored copy is in ${join(dataDir, aside)}` : '') +
    '.'
  )
}

/** UTC time for folder and file names: 20261207T171239Z. */
export function timestamp(date = new Date()) {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')
}
