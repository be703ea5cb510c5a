import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import type { PGlite } from '@electric-sql/pglite'
import { SetupError } from '#core/exceptions/setup_error'

/** `format` of every embedded backup's manifest. */
export const BACKUP_FORMAT = 'aip-embedded-backup'
/** Version of the archive layout below; a reader refuses other versions. */
export const BACKUP_FORMAT_VERSION = 1

const MANIFEST = 'manifest.json'
const PGDATA = 'pgdata.tar.gz'

/** What `manifest.json` in an embedded backup says about the data folder next to it. */
export interface BackupManifest {
  format: typeof BACKUP_FORMAT
  version: typeof BACKUP_FORMAT_VERSION
  createdAt: string
  /** Packages whose versions decide whether the data folder opens (its on-disk format). */
  pglite: string
  pgvector: string
  /** `pgdata.tar.gz`: PGlite's `dumpDataDir('gzip')` of the whole cluster. */
  pgdata: { bytes: number; sha256: string }
}

/** A backup archive that is not one, is damaged, or was taken on other versions. */
export class BackupArchiveError extends SetupError {}

/**
 * Versions of the two packages that decide the embedded data folder's format:
 * PGlite (which PostgreSQL, compiled how) and pgvector (the extension's files).
 */
export function embeddedVersions() {
  return {
    pglite: packageVersion('@electric-sql/pglite'),
    pgvector: packageVersion('@electric-sql/pglite-pgvector'),
  }
}

function packageVersion(name: string): string {
  // The package's exports hide its package.json: walk up from its entry point.
  let directory = dirname(fileURLToPath(import.meta.resolve(name)))
  for (;;) {
    const file = join(directory, 'package.json')
    if (existsSync(file)) {
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version: string }
      if (manifest.name === name) return manifest.version
    }
    const parent = dirname(directory)
    if (parent === directory) throw new Error(`package.json of ${name} not found`)
    directory = parent
  }
}

function sha256(bytes: Uint8Array) {
  return createHash('sha256').update(bytes).digest('hex')
}

/**
 * The embedded database as one archive: a zip holding `manifest.json` and
 * `pgdata.tar.gz` (PGlite's `dumpDataDir`, stored as is). PGlite takes the dump
 * under its query lock, between two protocol messages of the socket server, so
 * the archive is one instant of the cluster's files: what PostgreSQL would find
 * after a power cut at that instant. Opening it replays the WAL: every
 * transaction committed before the dump is there, none that was still open.
 */
export async function createBackupArchive(db: PGlite): Promise<Uint8Array> {
  const blob = await db.dumpDataDir('gzip')
  const dump = new Uint8Array(await blob.arrayBuffer())
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    version: BACKUP_FORMAT_VERSION,
    createdAt: new Date().toISOString(),
    ...embeddedVersions(),
    pgdata: { bytes: dump.byteLength, sha256: sha256(dump) },
  }
  return zipSync({
    [MANIFEST]: strToU8(JSON.stringify(manifest, null, 2)),
    [PGDATA]: [dump, { level: 0 }],
  })
}

/**
 * Reads and verifies an archive written by createBackupArchive before anything
 * is replaced: the zip and its two entries, the format and its version, the
 * data's size and SHA-256, and that this installation's PGlite and pgvector are
 * the versions that wrote it (another version may not open the folder).
 * Throws a BackupArchiveError saying what is wrong.
 */
export function readBackupArchive(bytes: Uint8Array): {
  manifest: BackupManifest
  pgdata: Uint8Array
} {
  let entries: Record<string, Uint8Array>
  try {
    entries = unzipSync(bytes)
  } catch (error) {
    throw new BackupArchiveError(
      `Not a backup archive (unreadable zip: ${(error as Error).message}).`
    )
  }
  if (!entries[MANIFEST] || !entries[PGDATA]) {
    throw new BackupArchiveError(`Not a backup archive: it must hold ${MANIFEST} and ${PGDATA}.`)
  }
  let manifest: BackupManifest
  try {
    manifest = JSON.parse(strFromU8(entries[MANIFEST]))
  } catch {
    throw new BackupArchiveError(`Damaged backup archive: ${MANIFEST} is not JSON.`)
  }
  if (manifest?.format !== BACKUP_FORMAT || manifest.version !== BACKUP_FORMAT_VERSION) {
    throw new BackupArchiveError(
      `Not a backup archive of this format (${BACKUP_FORMAT} version ${BACKUP_FORMAT_VERSION}).`
    )
  }
  const pgdata = entries[PGDATA]
  if (pgdata.byteLength !== manifest.pgdata?.bytes || sha256(pgdata) !== manifest.pgdata.sha256) {
    throw new BackupArchiveError(
      `Damaged backup archive: ${PGDATA} does not match the size and SHA-256 in its manifest.`
    )
  }
  const installed = embeddedVersions()
  for (const name of ['pglite', 'pgvector'] as const) {
    if (manifest[name] !== installed[name]) {
      throw new BackupArchiveError(
        `The backup was taken with ${name} ${manifest[name]}, this installation has ` +
          `${installed[name]}: the data folder may not open. Restore it with ${name} ` +
          `${manifest[name]} installed.`
      )
    }
  }
  return { manifest, pgdata }
}
