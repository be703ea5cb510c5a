import { randomUUID } from 'node:crypto'
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { enqueue } from '#core/jobs/enqueue'
import { tenantJob } from '#core/jobs/tenant_job'
import { withTenant } from '#core/tenancy/tenant_transaction'
import { rawQuery } from '#core/database/raw_query'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { registerAccount } from '#tests/helpers/accounts'
import { waitFor } from '#tests/helpers/wait_for'

/** Records what a job saw of its tenant context. */
async function recordRun(trx: TransactionClientContract, marker: string, attempt: number) {
  await rawQuery(
    trx,
    `insert into test_job_runs (marker, attempt, seen_user, seen_workspace, seen_role, seen_confinement)
      values (?, ?, app.current_user_id(), app.current_workspace_id(), current_setting('role'),
        nullif(current_setting('app.credential_workspace_id', true), ''))`,
    [marker, attempt]
  )
}

const recordTask = tenantJob<{ marker: string }>(async (payload, helpers, { trx }) => {
  await recordRun(trx, payload.marker, helpers.job.attempts)
})

/** Fails on its first attempt, then records its run. */
const flakyTask = tenantJob<{ marker: string }>(async (payload, helpers, { trx }) => {
  if (helpers.job.attempts < 2) throw new Error('transient failure for the test')
  await recordRun(trx, payload.marker, helpers.job.attempts)
})

/** Writes its run, then fails on its first attempt: that write must be rolled back. */
const writeThenFailTask = tenantJob<{ marker: string }>(async (payload, helpers, { trx }) => {
  await recordRun(trx, payload.marker, helpers.job.attempts)
  if (helpers.job.attempts < 2) throw new Error('failure after a write')
})

const runsOf = async (marker: string) =>
  (await db.rawQuery('select * from test_job_runs where marker = ?', [marker])).rows

const jobOf = async (marker: string) =>
  (
    await db.rawQuery("select * from graphile_worker._private_jobs where payload->>'marker' = ?", [
      marker,
    ])
  ).rows[0]

test.group('Jobs', (group) => {
  group.setup(async () => {
    await db.rawQuery(`
      create table test_job_runs (
        marker text, attempt int, seen_user uuid, seen_workspace uuid, seen_role text,
        seen_confinement text
      );
      grant insert, select on test_job_runs to app_authenticated;
    `)
    const platform = await app.container.make('platform')
    await platform.startWorker({
      'test/record': recordTask,
      'test/flaky': flakyTask,
      'test/write_then_fail': writeThenFailTask,
    })
    return async () => {
      await platform.jobs.stop()
      await db.rawQuery('drop table test_job_runs')
    }
  })

  test('a job enqueued in a committed transaction runs as the tenant that enqueued it', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'jobs')
    const marker = randomUUID()
    await withTenant({ userId: account.id, workspaceId: account.personalWorkspaceId }, async () => {
      await enqueue('test/record', { marker })
    })
    const [run] = await waitFor(() => runsOf(marker).then((rows) => (rows.length ? rows : null)))
    assert.equal(run.seen_user, account.id)
    assert.equal(run.seen_workspace, account.personalWorkspaceId)
    assert.equal(run.seen_role, 'app_authenticated')
  })

  test('a job enqueued in a rolled-back transaction never exists and never runs', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'jobsrollback')
    const marker = randomUUID()
    await assert.rejects(() =>
      withTenant({ userId: account.id, workspaceId: account.personalWorkspaceId }, async () => {
        await enqueue('test/record', { marker })
        throw new Error('abort the transaction')
      })
    )
    assert.isUndefined(await jobOf(marker))
    // A control job enqueued afterwards runs, so the worker was alive meanwhile.
    const control = randomUUID()
    await withTenant({ userId: account.id, workspaceId: account.personalWorkspaceId }, () =>
      enqueue('test/record', { marker: control })
    )
    await waitFor(() => runsOf(control).then((rows) => rows.length > 0))
    assert.lengthOf(await runsOf(marker), 0)
  })

  test('a failing job is retried with backoff and then succeeds', async ({ client, assert }) => {
    const account = await registerAccount(client, 'jobsretry')
    const marker = randomUUID()
    await withTenant({ userId: account.id, workspaceId: account.personalWorkspaceId }, () =>
      enqueue('test/flaky', { marker }, { maxAttempts: 5 })
    )
    const failed = await waitFor(async () => {
      const job = await jobOf(marker)
      return job && job.attempts === 1 && job.last_error ? job : null
    })
    assert.match(failed.last_error, /transient failure/)
    assert.isAbove(new Date(failed.run_at).getTime(), Date.now(), 'the retry is scheduled later')
    // Skip the backoff wait instead of sleeping through it.
    await db.rawQuery('update graphile_worker._private_jobs set run_at = now() where id = ?', [
      failed.id,
    ])
    const [run] = await waitFor(() => runsOf(marker).then((rows) => (rows.length ? rows : null)))
    assert.equal(run.attempt, 2)
    await waitFor(async () => !(await jobOf(marker)))
  })

  test('a job that fails after writing rolls its writes back, and its retry runs in context', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'jobswritefail')
    const marker = randomUUID()
    await withTenant({ userId: account.id, workspaceId: account.personalWorkspaceId }, () =>
      enqueue('test/write_then_fail', { marker }, { maxAttempts: 5 })
    )
    const failed = await waitFor(async () => {
      const job = await jobOf(marker)
      return job && job.attempts === 1 && job.last_error ? job : null
    })
    assert.match(failed.last_error, /failure after a write/)
    assert.lengthOf(await runsOf(marker), 0, 'the failed attempt left no row')
    await db.rawQuery('update graphile_worker._private_jobs set run_at = now() where id = ?', [
      failed.id,
    ])
    await waitFor(async () => !(await jobOf(marker)))
    const runs = await runsOf(marker)
    assert.lengthOf(runs, 1)
    assert.equal(runs[0].attempt, 2)
    assert.equal(runs[0].seen_user, account.id)
    assert.equal(runs[0].seen_workspace, account.personalWorkspaceId)
    assert.equal(runs[0].seen_role, 'app_authenticated')
  })

  test("a job enqueued by an API-key request stays confined to the key's workspace", async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'jobsconfined')
    const marker = randomUUID()
    await withTenant(
      {
        userId: account.id,
        workspaceId: account.personalWorkspaceId,
        credentialWorkspaceId: account.personalWorkspaceId,
      },
      () => enqueue('test/record', { marker })
    )
    const [run] = await waitFor(() => runsOf(marker).then((rows) => (rows.length ? rows : null)))
    assert.equal(run.seen_confinement, account.personalWorkspaceId)
  })

  test('enqueue outside a tenant context is refused', async ({ assert }) => {
    await assert.rejects(
      () => enqueue('test/record', { marker: 'x' }),
      /outside a tenant transaction/
    )
  })
})
