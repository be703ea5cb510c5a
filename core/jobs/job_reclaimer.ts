import type pg from 'pg'

/** A job failed permanently by the reclaimer, with what its crash handler needs. */
export interface ReclaimedFailure {
  id: string
  task: string
  payload: Record<string, unknown>
  reason: string
}

/** What one reclaim did (for logs and tests). */
export interface ReclaimResult {
  /** Workers (graphile-worker pool ids) whose locks were released. */
  workers: string[]
  /** Jobs unlocked, to be run again (or failed below). */
  released: number
  /** Jobs that were running when their worker died, with how often that happened to them. */
  crashed: { id: string; task: string; crashes: number }[]
  /** Jobs failed permanently instead of being run again. */
  failed: ReclaimedFailure[]
  /**
   * Jobs that had re-enqueued their own key while they ran (graphile-worker
   * moved the key to a new job and spent their attempts): removed, since
   * their successor carries on; no crash handler runs for them.
   */
  superseded: string[]
}

/** Options of reclaimJobs(). */
export interface ReclaimOptions {
  /**
   * `all`: every lease and every lock (the embedded database's owner at start:
   * no other worker can exist). `expired`: leases past their expiry, and locks
   * held by a worker without a lease row for longer than `orphanSeconds`.
   */
  scope: 'all' | 'expired'
  /** Workers never reclaimed (this process's own). */
  keep: string[]
  orphanSeconds: number
}

/** Times a job may be running at its worker's death before it is failed instead of retried. */
const MAX_CRASHES = 2

const REPEATED_CRASH =
  'Failed permanently: the worker process died twice while running this job, so it is not run again (it could crash the worker again).'
const LAST_ATTEMPT =
  'Failed permanently: the worker process died while running the last attempt of this job.'

/**
 * Releases the jobs of dead workers with graphile-worker's own functions, in
 * one transaction: counts a crash for each job a dead worker was running,
 * unlocks everything the dead workers held (`force_unlock_workers`), fails
 * the jobs that crashed their worker `MAX_CRASHES` times or ran out of
 * attempts (`permanently_fail_jobs`), removes the superseded ones (see
 * ReclaimResult.superseded: `complete_jobs`), and drops the dead leases. Concurrent
 * sweepers skip each other's leases (`skip locked`).
 */
export async function reclaimJobs(pool: pg.Pool, options: ReclaimOptions): Promise<ReclaimResult> {
  const all = options.scope === 'all'
  const client = await pool.connect()
  try {
    await client.query('begin')
    // One statement per sweep finds both kinds of dead worker: expired leases
    // (locked against a concurrent sweeper) and locks without a lease row.
    const found = await client.query<{ worker_id: string; leased: boolean }>(
      `with leases as (
         select worker_id from public.worker_leases
          where ($1 or expires_at < now()) and not (worker_id = any($2::text[]))
          for update skip locked
       )
       select worker_id, true as leased from leases
       union all
       select distinct j.locked_by, false from graphile_worker.jobs j
        where j.locked_by is not null and not (j.locked_by = any($2::text[]))
          and not exists (select 1 from public.worker_leases l where l.worker_id = j.locked_by)
          and ($1 or j.locked_at < now() - make_interval(secs => $3))`,
      [all, options.keep, options.orphanSeconds]
    )
    const dead = found.rows.filter((row) => row.leased).map((row) => row.worker_id)
    const workers = found.rows.map((row) => row.worker_id)
    if (!workers.length) {
      await client.query('commit')
      return { workers, released: 0, crashed: [], failed: [], superseded: [] }
    }

    const crashed = await client.query<{
      id: string
      task: string
      crashes: number
      out_of_attempts: boolean
      superseded: boolean
    }>(
      `with running as (
         select j.id, j.task_identifier, j.locked_by, j.attempts >= j.max_attempts as out_of_attempts,
           -- Superseded: the key it started with now names another job (add_job
           -- moved it there and spent this job's attempts).
           j.key is null and exists (
             select 1 from graphile_worker.jobs n
              where n.key = l.running_job_keys[array_position(l.running_job_ids, j.id)]
                and n.id <> j.id
           ) as superseded
           from public.worker_leases l
           join graphile_worker.jobs j on j.locked_by = l.worker_id and j.id = any(l.running_job_ids)
          where l.worker_id = any($1::text[])
       ), counted as (
         insert into public.job_crashes as c (job_id, task_identifier, crashes, last_worker_id)
         select id, task_identifier, 1, locked_by from running
         on conflict (job_id) do update set crashes = c.crashes + 1,
           last_worker_id = excluded.last_worker_id, last_crashed_at = now()
         returning job_id, task_identifier, crashes
       )
       select counted.job_id::text as id, counted.task_identifier as task, counted.crashes,
         running.out_of_attempts, running.superseded
         from counted join running on running.id = counted.job_id`,
      [dead]
    )
    const released = await client.query<{ count: number }>(
      'select count(*)::int as count from graphile_worker.jobs where locked_by = any($1::text[])',
      [workers]
    )
    await client.query('select graphile_worker.force_unlock_workers($1::text[])', [workers])

    const failed: ReclaimedFailure[] = []
    const tasks = new Map(crashed.rows.map((row) => [row.id, row.task]))
    const fail = async (ids: string[], reason: string) => {
      if (!ids.length) return
      const rows = await client.query<{ id: string; payload: Record<string, unknown> | null }>(
        'select id::text, payload from graphile_worker.permanently_fail_jobs($1::bigint[], $2)',
        [ids, reason]
      )
      for (const row of rows.rows) {
        failed.push({ id: row.id, task: tasks.get(row.id)!, payload: row.payload ?? {}, reason })
      }
    }
    const superseded = crashed.rows.filter((row) => row.superseded).map((row) => row.id)
    if (superseded.length) {
      await client.query('select graphile_worker.complete_jobs($1::bigint[])', [superseded])
    }
    const current = crashed.rows.filter((row) => !row.superseded)
    const poisoned = current.filter((row) => row.crashes >= MAX_CRASHES)
    await fail(
      poisoned.map((row) => row.id),
      REPEATED_CRASH
    )
    await fail(
      current
        .filter((row) => row.crashes < MAX_CRASHES && row.out_of_attempts)
        .map((row) => row.id),
      LAST_ATTEMPT
    )

    await client.query('delete from public.worker_leases where worker_id = any($1::text[])', [dead])
    // Counters of jobs that are gone (done, or removed) are kept no longer.
    await client.query(
      `delete from public.job_crashes c
        where not exists (select 1 from graphile_worker.jobs j where j.id = c.job_id)`
    )
    await client.query('commit')
    return {
      workers,
      released: released.rows[0].count,
      crashed: crashed.rows.map(({ id, task, crashes }) => ({ id, task, crashes })),
      failed,
      superseded,
    }
  } catch (error) {
    await client.query('rollback').catch(() => {})
    throw error
  } finally {
    client.release()
  }
}
