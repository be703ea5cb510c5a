import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import pg from 'pg'
import { EmbeddedPostgres, embeddedConnection } from '#core/database/embedded_postgres'
import type { PlatformConfig } from '#core/platform_config'
import { compareRounds, type Comparison } from '../lib/report.ts'

/** Settings of scenario (g). */
export interface EmbeddedDurabilityOptions {
  /** Folder under which both embedded databases get their own data folder. */
  dataDir: string
  /** Committed transactions per side and round. */
  commits: number
  /** Rows inserted by each transaction of the batch measure. */
  batchRows: number
  rounds: number
}

/** Raw figures of scenario (g), written to latest.json. */
export interface EmbeddedDurabilityDetails {
  commits: number
  batchRows: number
  /** Commits per second of each round, per side and measure. */
  rounds: { measure: string; durable: number; relaxed: number }[]
  /** Host fsync calls per commit on the durable side (median over rounds). */
  durableSyncsPerCommit: number
  relaxedSyncCalls: number
}

/** A started embedded database on disk and a client on its socket. */
interface Side {
  database: EmbeddedPostgres
  client: pg.Client
}

async function startSide(dataDir: string, fsync: boolean): Promise<Side> {
  mkdirSync(dataDir, { recursive: true })
  const config = {
    dataDir,
    database: { mode: 'embedded', embeddedStorage: 'disk', embeddedFsync: fsync, poolMax: 2 },
  } as PlatformConfig
  const database = new EmbeddedPostgres(config)
  await database.start()
  const client = new pg.Client(embeddedConnection(config))
  await client.connect()
  await client.query(
    'create table if not exists bench_commits (id bigserial primary key, body text)'
  )
  return { database, client }
}

/** Commits `count` transactions of `rows` rows each; returns commits per second. */
async function commitLoop(client: pg.Client, count: number, rows: number) {
  const started = performance.now()
  for (let index = 0; index < count; index++) {
    if (rows === 1) {
      await client.query('insert into bench_commits (body) values ($1)', [`row ${index}`])
    } else {
      await client.query('begin')
      await client.query(
        'insert into bench_commits (body) select $1 || g from generate_series(1, $2) g',
        [`batch ${index} row `, rows]
      )
      await client.query('commit')
    }
  }
  return count / ((performance.now() - started) / 1000)
}

/**
 * Scenario (g): what fsync on commit costs the embedded database. Two PGlite
 * databases on disk in this process, one with the platform's default
 * (EMBEDDED_FSYNC=on: PostgreSQL fsync through DurableNodeFS), one with
 * EMBEDDED_FSYNC=off (PGlite's own default: no sync at all), each reached over
 * its Unix socket with the `pg` driver. Measures: single-row autocommit INSERTs
 * (one WAL flush each) and transactions of `batchRows` rows, in alternating
 * order per round. The ratio is durable / relaxed commits per second.
 */
export async function runEmbeddedDurability(
  options: EmbeddedDurabilityOptions,
  log: (message: string) => void
): Promise<{ comparisons: Comparison[]; details: EmbeddedDurabilityDetails }> {
  const durable = await startSide(join(options.dataDir, 'durability-fsync'), true)
  const relaxed = await startSide(join(options.dataDir, 'durability-nofsync'), false)
  try {
    const measures = [
      { name: 'single-row INSERT commits', rows: 1 },
      { name: `${options.batchRows}-row transaction commits`, rows: options.batchRows },
    ]
    const rounds: EmbeddedDurabilityDetails['rounds'] = []
    const syncsPerCommit: number[] = []
    // Warm-up: both sides, a few commits each.
    await commitLoop(durable.client, 20, 1)
    await commitLoop(relaxed.client, 20, 1)
    for (let round = 0; round < options.rounds; round++) {
      for (const measure of measures) {
        const order = round % 2 === 0 ? [durable, relaxed] : [relaxed, durable]
        const rates = new Map<Side, number>()
        for (const side of order) {
          const syncsBefore = side.database.syncCalls
          rates.set(side, await commitLoop(side.client, options.commits, measure.rows))
          if (side === durable && measure.rows === 1) {
            syncsPerCommit.push((side.database.syncCalls - syncsBefore) / options.commits)
          }
        }
        const entry = {
          measure: measure.name,
          durable: rates.get(durable)!,
          relaxed: rates.get(relaxed)!,
        }
        rounds.push(entry)
        log(
          `round ${round + 1}, ${measure.name}: fsync ${entry.durable.toFixed(0)}/s, ` +
            `no fsync ${entry.relaxed.toFixed(0)}/s`
        )
      }
    }
    const sorted = [...syncsPerCommit].sort((a, b) => a - b)
    const durableSyncsPerCommit = sorted[Math.floor(sorted.length / 2)]
    const comparisons = measures.map((measure) => {
      const of = rounds.filter((entry) => entry.measure === measure.name)
      return compareRounds(
        'embedded durability: fsync on commit vs none',
        measure.name,
        'commits/s',
        of.map((entry) => entry.durable),
        of.map((entry) => entry.relaxed),
        {
          platform: `EMBEDDED_FSYNC=on, ${durableSyncsPerCommit.toFixed(2)} fsync/commit`,
          baseline: 'EMBEDDED_FSYNC=off (PGlite default)',
        }
      )
    })
    return {
      comparisons,
      details: {
        commits: options.commits,
        batchRows: options.batchRows,
        rounds,
        durableSyncsPerCommit,
        relaxedSyncCalls: relaxed.database.syncCalls,
      },
    }
  } finally {
    for (const side of [durable, relaxed]) {
      await side.client.end().catch(() => {})
      await side.database.stop()
    }
  }
}
