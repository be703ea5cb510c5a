import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { setTimeout as sleep } from 'node:timers/promises'
import { freePort, startAce, stop, type AceProcess } from '#tests/helpers/processes'
import { postgresBin, PrivateServer } from '#tests/helpers/private_postgres'

const JOBS = 2_000
const KILLS = 5
const JOB_MS = 20
const COMPLETE_WITHIN_MS = 120_000

/**
 * Fault (a) of issue 16: a dedicated `node ace worker` is killed with
 * SIGKILL 5 times during a 2,000-job run (each kill at the next fifth of the
 * progress) and started again each time. Done when every job's side effect
 * is in the ledger (0 lost), none twice (0 duplicates), no job failed for
 * good and the queue is empty. Runs on a private PostgreSQL server; skipped
 * (with a note) where none is installed.
 */
export default async function scenario(): Promise<void> {
  const bin = postgresBin()
  if (!bin) {
    console.log('  no PostgreSQL binaries under /usr/lib/postgresql: scenario not run')
    return
  }
  const server = new PrivateServer(bin, await freePort())
  const client = new pg.Client({ connectionString: server.url })
  let worker: AceProcess | undefined
  try {
    server.start()
    const env = {
      DATABASE_URL: server.url,
      PLUGINS: 'fault_ledger',
      PLUGINS_EXTRA_DIR: fileURLToPath(new URL('../../fixtures/plugins/faults/', import.meta.url)),
      DEMO_SEED: 'false',
      DB_MIGRATE_ON_START: 'false',
      WORKER_CONCURRENCY: '5',
      // A short lease: the jobs of a killed worker are reclaimed within seconds.
      WORKER_LEASE_SECONDS: '3',
      LOG_LEVEL: 'error',
    }
    const prepare = startAce(['db:prepare'], env)
    await prepare.waitForOutput(/database ready/, 120_000)
    await client.connect()
    await client.query(`create table fault_ledger_runs (key text not null, at timestamptz default now());
      create table fault_ledger_effects (key text not null, at timestamptz default now())`)
    await client.query(
      `select graphile_worker.add_job('fault_ledger/apply', json_build_object('key', 'k' || i, 'ms', $1::int), max_attempts := 25)
         from generate_series(1, $2::int) i`,
      [JOB_MS, JOBS]
    )
    const effects = async () =>
      Number((await client.query('select count(*) from fault_ledger_effects')).rows[0].count)

    const started = performance.now()
    for (let kill = 1; kill <= KILLS; kill++) {
      worker = startAce(['worker'], env)
      const threshold = Math.floor((JOBS * kill) / (KILLS + 1))
      while ((await effects()) < threshold) {
        if (worker.child.exitCode !== null) throw new Error(`worker exited:\n${worker.output()}`)
        if (performance.now() - started > COMPLETE_WITHIN_MS) throw new Error('too slow')
        await sleep(50)
      }
      worker.child.kill('SIGKILL')
      await new Promise((resolve) => worker!.child.once('exit', resolve))
      const locked = Number(
        (
          await client.query(
            'select count(*) from graphile_worker.jobs where locked_by is not null'
          )
        ).rows[0].count
      )
      console.log(`  kill ${kill} at ${await effects()} effects; ${locked} jobs left locked by it`)
    }
    worker = startAce(['worker'], env)
    const deadline = performance.now() + COMPLETE_WITHIN_MS
    let queued = JOBS
    while (performance.now() < deadline) {
      queued = Number(
        (await client.query('select count(*) from graphile_worker.jobs')).rows[0].count
      )
      if (queued === 0) break
      await sleep(200)
    }
    const seconds = (performance.now() - started) / 1000
    const summary = (
      await client.query(`select
          (select count(distinct key) from fault_ledger_effects)::int as applied,
          (select count(*) from (select key from fault_ledger_effects group by key having count(*) > 1) d)::int as twice,
          (select count(*) from fault_ledger_runs)::int as runs`)
    ).rows[0]
    console.log(
      `  ${JOBS} jobs, ${KILLS} kills: ${summary.applied} effects applied, ${JOBS - summary.applied} lost, ` +
        `${summary.twice} applied twice, ${summary.runs - JOBS} extra runs (jobs re-run after a kill), ` +
        `${queued} left in the queue, ${seconds.toFixed(1)} s`
    )
    const problems: string[] = []
    if (summary.applied !== JOBS) problems.push(`${JOBS - summary.applied} jobs lost`)
    if (summary.twice) problems.push(`${summary.twice} side effects applied twice`)
    if (queued) problems.push(`${queued} jobs still queued or failed`)
    if (problems.length) throw new Error(`worker kill: ${problems.join('; ')}`)
  } finally {
    if (worker) await stop(worker.child)
    await client.end().catch(() => {})
    server.destroy()
  }
}
