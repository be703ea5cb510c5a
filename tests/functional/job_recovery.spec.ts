import { test } from '@japa/runner'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import app from '@adonisjs/core/services/app'
import type { ApiClient } from '@japa/api-client'
import platform from '#core/runtime/platform'
import type { PlatformConfig } from '#core/platform_config'
import { registerAccount, type TestAccount } from '#tests/helpers/accounts'
import { runWorkerDuringGroup } from '#tests/helpers/worker'
import { runImportCrash } from '#tests/helpers/import_crash'
import { waitFor } from '#tests/helpers/wait_for'
import { dieWhileRunning, jobIdFor, jobRow } from '#tests/helpers/dead_worker'
import { startReceiver } from '#tests/helpers/webhook_receiver'
import { createWebhook, deliveryRow, finishedDelivery } from '#tests/helpers/webhooks'

const external = Boolean(process.env.DATABASE_URL)
const workerConfig = () => app.config.get<PlatformConfig>('platform').worker

/** Uploads a small CSV import (queued: the test process runs no worker here). */
async function queuedImport(client: ApiClient, account: TestAccount) {
  const response = await client
    .post('/v1/leads/imports')
    .bearerToken(account.token)
    .file('file', Buffer.from('email\na@poison.test\nb@poison.test\n'), { filename: 'l.csv' })
  response.assertStatus(202)
  const id = response.body().id as string
  return { importId: id, jobId: (await jobIdFor('leads/import_csv', 'import_id', id))! }
}

async function importRow(client: ApiClient, account: TestAccount, id: string) {
  const response = await client.get(`/v1/leads/imports/${id}`).bearerToken(account.token)
  response.assertStatus(200)
  return response.body()
}

test.group('Job recovery: reclaim and the poison-job rule', () => {
  test('a dead worker is reclaimed once; a job it crashed twice fails with a readable error shown by its import', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'poison')
    const { importId, jobId } = await queuedImport(client, account)
    const { crashHandlers } = await platform.tasks()

    const first = await dieWhileRunning(jobId)
    const once = await platform.jobs.reclaim('expired', crashHandlers)
    assert.include(once.workers, first)
    assert.deepInclude(once.crashed, { id: jobId, task: 'leads/import_csv', crashes: 1 })
    assert.deepEqual(once.failed, [])
    const released = await jobRow(jobId)
    assert.isNull(released.locked_by, 'unlocked, to run again')
    assert.isBelow(released.attempts, released.max_attempts)
    const leases = await db.rawQuery('select 1 from public.worker_leases where worker_id = ?', [
      first,
    ])
    assert.lengthOf(leases.rows, 0, 'the dead lease is dropped')
    assert.equal((await importRow(client, account, importId)).status, 'queued')
    // A second sweep finds nothing left to do for that worker.
    assert.notInclude((await platform.jobs.reclaim('expired', crashHandlers)).workers, first)

    const second = await dieWhileRunning(jobId)
    const twice = await platform.jobs.reclaim('expired', crashHandlers)
    assert.include(twice.workers, second)
    assert.deepInclude(twice.crashed, { id: jobId, task: 'leads/import_csv', crashes: 2 })
    assert.deepEqual(
      twice.failed.map((job) => job.id),
      [jobId]
    )
    const failed = await jobRow(jobId)
    assert.isNull(failed.locked_by)
    assert.equal(failed.attempts, failed.max_attempts, 'never fetched again')
    assert.match(failed.last_error, /worker process died twice while running this job/)
    const shown = await importRow(client, account, importId)
    assert.equal(shown.status, 'failed')
    assert.match(shown.error_message, /died twice/)
  })

  test('a job that re-enqueued its own key before its worker died is removed quietly; its successor runs', async ({
    assert,
  }) => {
    const key = `poll-loop-${randomUUID()}`
    const payload = JSON.stringify({ loop: key })
    const add = () =>
      db.rawQuery(
        `select id::text from graphile_worker.add_job('leads/import_csv', ?::json, job_key => ?, max_attempts => 5)`,
        [payload, key]
      )
    const first = (await add()).rows[0].id as string
    const dead = await dieWhileRunning(first, key)
    // While it runs, the job queues its next round under its own key (a poll loop):
    // graphile-worker moves the key to a new job and spends the running job's attempts.
    const next = (await add()).rows[0].id as string
    assert.notEqual(next, first)
    const spent = await jobRow(first)
    assert.equal(spent.attempts, spent.max_attempts)

    const handled: unknown[] = []
    const result = await platform.jobs.reclaim('expired', {
      'leads/import_csv': async (failure) => {
        handled.push(failure)
      },
    })
    assert.include(result.workers, dead)
    assert.deepEqual(result.superseded, [first])
    assert.deepEqual(result.failed, [], 'not a death on the last attempt')
    assert.deepEqual(handled, [], 'no crash handler: the successor carries on')
    assert.isUndefined(await jobRow(first), 'removed')
    const successor = await jobRow(next)
    assert.isNull(successor.locked_by)
    assert.equal(successor.attempts, 0)

    // The same death without a successor is still the last attempt, handled.
    await db.rawQuery(`select graphile_worker.remove_job(?)`, [key])
    const lone = (await add()).rows[0].id as string
    await dieWhileRunning(lone, key)
    await db.rawQuery(
      `update graphile_worker._private_jobs set attempts = max_attempts where id = ?`,
      [lone]
    )
    const last = await platform.jobs.reclaim('expired', {
      'leads/import_csv': async (failure) => {
        handled.push(failure)
      },
    })
    assert.deepEqual(last.superseded, [])
    assert.deepEqual(
      last.failed.map((job) => job.id),
      [lone]
    )
    assert.lengthOf(handled, 1)
  })

  test('a lock held by a worker that never wrote a lease is reclaimed once older than a lease', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'orphan')
    const { jobId } = await queuedImport(client, account)
    const workerId = `pool-orphan-${randomUUID().slice(0, 8)}`
    const lock = (age: number) =>
      db.rawQuery(
        `update graphile_worker._private_jobs set locked_by = ?, locked_at = now() - make_interval(secs => ?)
          where id = ?`,
        [workerId, age, jobId]
      )
    await lock(1)
    assert.notInclude((await platform.jobs.reclaim('expired', {})).workers, workerId)
    assert.equal((await jobRow(jobId)).locked_by, workerId, 'young lock: may be a starting worker')
    await lock(workerConfig().leaseSeconds + 5)
    const result = await platform.jobs.reclaim('expired', {})
    assert.include(result.workers, workerId)
    assert.deepEqual(result.crashed, [], 'no lease: no record of a running job, no crash counted')
    assert.isNull((await jobRow(jobId)).locked_by)
  })
})

test.group('Job recovery: webhook deliveries', () => {
  test('a delivery whose worker died in flight is delivered once its lock is reclaimed', async ({
    client,
    assert,
  }) => {
    const receiver = await startReceiver()
    try {
      const account = await registerAccount(client, 'hookcrash')
      const { webhook, secret } = await createWebhook(client, account, {
        url: receiver.url,
        events: ['webhook.ping'],
      })
      receiver.useSecret(secret)
      const ping = await client.post(`/v1/webhooks/${webhook.id}/ping`).bearerToken(account.token)
      ping.assertStatus(202)
      const deliveryId = ping.body().id as string
      const jobId = (await jobIdFor('core/webhook_deliver', 'delivery_id', deliveryId))!
      await dieWhileRunning(jobId)

      const stopWorker = await runWorkerDuringGroup()
      try {
        if (external) {
          // The worker's sweeper reclaims the expired lease by itself.
        } else {
          await new Promise((resolve) => setTimeout(resolve, 500))
          assert.equal(
            (await deliveryRow(deliveryId)).status,
            'pending',
            'locked by the dead worker'
          )
          assert.lengthOf(receiver.received, 0)
          // What the data folder's owner does at start (embedded: no sweeper).
          const result = await platform.jobs.reclaim('all', {})
          assert.deepInclude(result.crashed, {
            id: jobId,
            task: 'core/webhook_deliver',
            crashes: 1,
          })
        }
        const row = await finishedDelivery(deliveryId)
        assert.equal(row.status, 'succeeded')
        assert.lengthOf(receiver.received, 1)
        assert.isTrue(receiver.received[0].verified)
      } finally {
        await stopWorker()
      }
    } finally {
      await receiver.close()
    }
  })
})

test.group('Job recovery: /health/ready reports locked jobs', (group) => {
  let previous: typeof platform.jobs.state
  const workerId = `pool-health-${randomUUID().slice(0, 8)}`
  const key = `health-probe-${randomUUID()}`
  group.each.setup(async () => {
    previous = platform.jobs.state
    platform.jobs.state = 'disabled'
    await db.rawQuery(
      `select graphile_worker.add_job('test/health_probe', '{}'::json, job_key => ?)`,
      [key]
    )
    return async () => {
      platform.jobs.state = previous
      await db.rawQuery('select graphile_worker.force_unlock_workers(array[?])', [workerId])
      await db.rawQuery('select graphile_worker.remove_job(?)', [key])
      await db.rawQuery('delete from public.worker_leases where worker_id = ?', [workerId])
    }
  })

  const lockProbe = (ageSeconds: number) =>
    db.rawQuery(
      `update graphile_worker._private_jobs set locked_by = ?, locked_at = now() - make_interval(secs => ?)
        where key = ?`,
      [workerId, ageSeconds, key]
    )
  const lease = (expiresInSeconds: number) =>
    db.rawQuery(
      `insert into public.worker_leases (worker_id, hostname, pid, expires_at)
       values (?, 'h', 1, now() + make_interval(secs => ?))
       on conflict (worker_id) do update set expires_at = excluded.expires_at`,
      [workerId, expiresInSeconds]
    )

  test('a job locked by a live worker beyond the threshold is reported as slow, still ready', async ({
    client,
    assert,
  }) => {
    const { slowJobSeconds } = workerConfig()
    await lease(30)
    await lockProbe(slowJobSeconds + 60)
    const response = await client.get('/health/ready')
    response.assertStatus(200)
    const jobs = response.body().checks.jobs
    assert.equal(jobs.status, 'slow')
    assert.isAtLeast(jobs.slow, 1)
    assert.isAtLeast(jobs.locked, 1)
    assert.isAtLeast(jobs.oldest_locked_seconds, slowJobSeconds + 60)
    assert.equal(jobs.slow_after_seconds, slowJobSeconds)
  })

  test('a job left locked by a dead worker past the reclaim deadline makes the node not ready', async ({
    client,
    assert,
  }) => {
    const { leaseSeconds } = workerConfig()
    await lockProbe(5)
    await lease(-leaseSeconds / 2)
    const recent = await client.get('/health/ready')
    recent.assertStatus(200)
    assert.equal(recent.body().checks.jobs.stuck, 0, 'a sweeper still has time to reclaim it')

    await lease(-2 * leaseSeconds)
    const response = await client.get('/health/ready')
    response.assertStatus(503)
    assert.equal(response.body().status, 'unavailable')
    assert.equal(response.body().checks.jobs.status, 'stuck')
    assert.isAtLeast(response.body().checks.jobs.stuck, 1)
    assert.equal(response.body().checks.database.status, 'ok')
  })
})

test.group('Job recovery: the worker lease', (group) => {
  let release: () => void = () => {}
  const started = new Set<string>()
  group.setup(() =>
    runWorkerDuringGroup({
      'test/lease_probe': async (_payload, helpers) => {
        started.add(String(helpers.job.id))
        await new Promise<void>((resolve) => (release = resolve))
      },
    })
  )

  test('a running worker holds a lease that records its running job, and removes it when it stops', async ({
    assert,
  }) => {
    const workerId = platform.jobs.workerId()!
    assert.match(workerId, /^pool-/)
    const lease = async () =>
      (
        await db.rawQuery(
          'select running_job_ids::text[] as running, running_job_keys as keys, expires_at > now() as live from public.worker_leases where worker_id = ?',
          [workerId]
        )
      ).rows[0]
    assert.isTrue((await waitFor(lease)).live)
    const probeKey = `lease-probe-${randomUUID()}`
    const job = await db.rawQuery(
      `select id::text from graphile_worker.add_job('test/lease_probe', '{}'::json, job_key => ?)`,
      [probeKey]
    )
    const jobId = job.rows[0].id as string
    await waitFor(async () => started.has(jobId))
    const running = await waitFor(async () => {
      const row = await lease()
      return row.running.includes(jobId) ? row : null
    })
    assert.include(running.running, jobId)
    assert.equal(
      running.keys[running.running.indexOf(jobId)],
      probeKey,
      'with the key it started with'
    )
    const locked = await jobRow(jobId)
    assert.equal(locked.locked_by, workerId, 'the lease is keyed by the locked_by of its jobs')
    release()
    await waitFor(async () => (await lease()).running.length === 0)
    await platform.jobs.stop()
    assert.isUndefined(await lease(), 'a graceful stop removes the lease')
  })
})

test.group('Job recovery: kill -9 during a CSV import', (group) => {
  let dataDir: string | undefined
  group.each.teardown(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true })
  })

  test(
    'a killed import resumes after the restart and ends with exactly N leads, no duplicate ({mode})'
  )
    .with([{ mode: external ? 'same database' : 'same embedded data folder' }])
    .run(async ({ assert }) => {
      const rows = 2_000
      let env: Record<string, string | undefined>
      if (external) {
        env = { DATABASE_URL: process.env.DATABASE_URL, WORKER_LEASE_SECONDS: '3' }
      } else {
        dataDir = await mkdtemp(join(tmpdir(), 'aip-job-recovery-'))
        env = {
          DATABASE_URL: undefined,
          EMBEDDED_STORAGE: 'disk',
          DATA_DIR: dataDir,
          PLUGINS: 'leads',
          WORKER_LEASE_SECONDS: '3',
        }
      }
      const result = await runImportCrash({ rows, killAtRows: 500, env, completeWithinMs: 90_000 })
      assert.equal(result.statusAtKill, 'running')
      assert.isBelow(result.rowsAtKill, rows, 'killed mid-way')
      assert.equal(result.import.status, 'completed', JSON.stringify(result.import))
      assert.equal(result.import.rows_processed, rows)
      assert.equal(result.import.rows_created, rows)
      assert.equal(result.import.rows_failed, 0)
      assert.equal(result.leads, rows)
      assert.equal(result.distinctEmails, rows)
    })
    .timeout(300_000)
})
