import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { test } from '@japa/runner'
import { EmbeddedPostgres, embeddedConnection } from '#core/database/embedded_postgres'
import type { PlatformConfig } from '#core/platform_config'

/** An embedded database on disk in a throw-away folder, with or without fsync. */
function diskConfig(dataDir: string, embeddedFsync: boolean) {
  return {
    dataDir,
    database: { mode: 'embedded', embeddedStorage: 'disk', embeddedFsync, poolMax: 2 },
  } as PlatformConfig
}

/** Runs `work` with a client on a started embedded database, then stops it. */
async function withDatabase<T>(
  config: PlatformConfig,
  work: (client: pg.Client, database: EmbeddedPostgres) => Promise<T>
) {
  const database = new EmbeddedPostgres(config)
  await database.start()
  const client = new pg.Client(embeddedConnection(config))
  try {
    await client.connect()
    return await work(client, database)
  } finally {
    await client.end().catch(() => {})
    await database.stop()
  }
}

const setting = async (client: pg.Client, name: string) =>
  (await client.query(`select current_setting('${name}') as value`)).rows[0].value

test.group('Embedded database durability', () => {
  test('on disk, every commit reaches the disk with a real fsync, and the data reopens', async ({
    assert,
    cleanup,
  }) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'aip-durable-'))
    cleanup(() => rmSync(dataDir, { recursive: true, force: true }))
    const config = diskConfig(dataDir, true)
    await withDatabase(config, async (client, database) => {
      assert.equal(await setting(client, 'fsync'), 'on')
      assert.equal(await setting(client, 'wal_sync_method'), 'fsync')
      assert.equal(await setting(client, 'synchronous_commit'), 'on')
      assert.equal(await setting(client, 'full_page_writes'), 'on')
      await client.query('create table durable_probe (n int)')
      const before = database.syncCalls
      for (let n = 0; n < 20; n++) await client.query('insert into durable_probe values ($1)', [n])
      // One WAL flush per commit, each a host fsync(2).
      assert.isAtLeast(database.syncCalls - before, 20)
    })
    await withDatabase(config, async (client) => {
      const { rows } = await client.query('select count(*)::int as count from durable_probe')
      assert.equal(rows[0].count, 20)
    })
  }).timeout(120_000)

  test('EMBEDDED_FSYNC=off keeps PGlite default: no sync at all', async ({ assert, cleanup }) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'aip-nofsync-'))
    cleanup(() => rmSync(dataDir, { recursive: true, force: true }))
    await withDatabase(diskConfig(dataDir, false), async (client, database) => {
      assert.equal(await setting(client, 'fsync'), 'off')
      await client.query('create table relaxed_probe (n int)')
      for (let n = 0; n < 5; n++) await client.query('insert into relaxed_probe values ($1)', [n])
      assert.equal(database.syncCalls, 0)
    })
  }).timeout(120_000)
})
