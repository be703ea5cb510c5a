import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import { test } from '@japa/runner'
import {
  BackupArchiveError,
  createBackupArchive,
  readBackupArchive,
} from '#core/database/backup_archive'
import { clusterDirectory, EmbeddedPostgres, openCluster } from '#core/database/embedded_postgres'
import { restoreEmbedded } from '#core/database/embedded_backup'
import { writeRestoreJournal } from '#core/database/restore_journal'
import type { PlatformConfig } from '#core/platform_config'

/** An embedded database on disk in a throw-away folder (fsync off: speed, not durability, here). */
function diskConfig(dataDir: string) {
  return {
    dataDir,
    database: { mode: 'embedded', embeddedStorage: 'disk', embeddedFsync: false, poolMax: 2 },
  } as PlatformConfig
}

/** The rows of `probe` in a cluster folder (opened, read, closed). */
async function probe(config: PlatformConfig) {
  const { db } = await openCluster(config, clusterDirectory(config))
  try {
    const { rows } = await db.query<{ n: number }>('select n from probe order by n')
    return rows.map((row) => row.n)
  } finally {
    await db.close()
  }
}

/** A cluster on disk in `config.dataDir` whose `probe` table holds `values`. */
async function seedCluster(config: PlatformConfig, values: number[]) {
  const { db } = await openCluster(config, clusterDirectory(config))
  await db.exec('create table probe (n int)')
  for (const n of values) await db.query('insert into probe values ($1)', [n])
  return db
}

/** Rewrites one entry of an archive (the manifest stays as it was unless changed too). */
function rewrite(archive: Uint8Array, change: (entries: Record<string, Uint8Array>) => void) {
  const entries = unzipSync(archive)
  change(entries)
  return zipSync(entries)
}

test.group('Embedded backup archive and restore', (group) => {
  const folders: string[] = []
  group.each.setup(() => () => {
    for (const path of folders.splice(0)) rmSync(path, { recursive: true, force: true })
  })
  const folder = () => {
    const path = mkdtempSync(join(tmpdir(), 'aip-backup-unit-'))
    folders.push(path)
    return path
  }

  test('an archive verifies; damaged data, another PGlite version and a non-archive are refused', async ({
    assert,
  }) => {
    const config = diskConfig(folder())
    const db = await seedCluster(config, [1, 2, 3])
    const archive = await createBackupArchive(db)
    await db.close()

    const { manifest, pgdata } = readBackupArchive(archive)
    assert.equal(manifest.format, 'aip-embedded-backup')
    assert.equal(manifest.pglite, '0.5.14')
    assert.equal(manifest.pgdata.bytes, pgdata.byteLength)

    const flipped = rewrite(archive, (entries) => {
      entries['pgdata.tar.gz'][1000] ^= 0x01
    })
    assert.throws(() => readBackupArchive(flipped), /does not match the size and SHA-256/)

    const otherVersion = rewrite(archive, (entries) => {
      const changed = { ...JSON.parse(strFromU8(entries['manifest.json'])), pglite: '0.4.0' }
      entries['manifest.json'] = strToU8(JSON.stringify(changed))
    })
    assert.throws(
      () => readBackupArchive(otherVersion),
      'The backup was taken with pglite 0.4.0, this installation has 0.5.14'
    )

    assert.throws(() => readBackupArchive(strToU8('not a zip at all')), /Not a backup archive/)
    const noManifest = zipSync({ 'pgdata.tar.gz': pgdata })
    assert.throws(() => readBackupArchive(noManifest), BackupArchiveError)
  }).timeout(180_000)

  test('restore replaces the cluster only with one that opened, and keeps the previous one on request', async ({
    assert,
  }) => {
    const source = diskConfig(folder())
    const db = await seedCluster(source, [7, 8])
    const work = folder()
    const archive = join(work, 'backup.zip')
    writeFileSync(archive, await createBackupArchive(db))
    await db.close()

    const target = diskConfig(folder())
    await (await seedCluster(target, [1])).close()
    const damaged = join(work, 'damaged.zip')
    writeFileSync(
      damaged,
      rewrite(new Uint8Array(readFileSync(archive)), (entries) => {
        entries['pgdata.tar.gz'][500] ^= 0x01
      })
    )
    await assert.rejects(() => restoreEmbedded(target, damaged), /does not match/)
    assert.deepEqual(await probe(target), [1])
    assert.deepEqual(readdirSync(target.dataDir).sort(), ['pglite'])

    const { previous } = await restoreEmbedded(target, archive, { keepPrevious: true })
    assert.deepEqual(await probe(target), [7, 8])
    assert.isString(previous)
    assert.sameMembers(readdirSync(target.dataDir), ['pglite', previous!.split('/').pop()!])

    rmSync(previous!, { recursive: true })
    await restoreEmbedded(target, archive)
    assert.deepEqual(readdirSync(target.dataDir).sort(), ['pglite'])
  }).timeout(300_000)

  test('a restore interrupted after the swap is undone before the cluster next opens', async ({
    assert,
  }) => {
    const config = diskConfig(folder())
    await (await seedCluster(config, [42])).close()
    // The state a crash leaves between moving the cluster away and confirming
    // the restored one: a journal, the previous cluster aside, a half-written one in place.
    writeRestoreJournal(config.dataDir, {
      previous: 'pglite.before-restore-20261207T000000Z',
      startedAt: new Date().toISOString(),
    })
    renameSync(
      clusterDirectory(config),
      join(config.dataDir, 'pglite.before-restore-20261207T000000Z')
    )
    mkdirSync(join(clusterDirectory(config), 'base'), { recursive: true })

    // The server's start (and db:backup / db:restore) run the recovery under the lock.
    const database = new EmbeddedPostgres(config)
    await database.start()
    await database.stop()
    assert.deepEqual(await probe(config), [42])
    assert.isFalse(existsSync(join(config.dataDir, 'restore.json')))
    const names = readdirSync(config.dataDir)
    assert.isTrue(names.some((name) => name.startsWith('pglite.unverified-restore-')))
    assert.notInclude(names, 'pglite.before-restore-20261207T000000Z')
  }).timeout(180_000)
})
