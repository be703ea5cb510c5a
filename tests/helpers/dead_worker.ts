import { randomUUID } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import platform from '#core/runtime/platform'

/**
 * Fixture: the state a worker leaves when its process dies while running
 * `jobId`: the job locked by it (one attempt taken) and its lease expired,
 * with the job recorded as running (and the job key it started with, if any).
 * Returns the dead worker's id.
 */
export async function dieWhileRunning(jobId: string, startedWithKey: string | null = null) {
  const workerId = `pool-dead-${randomUUID().slice(0, 8)}`
  await db.rawQuery(
    `update graphile_worker._private_jobs
        set locked_by = ?, locked_at = now() - interval '5 seconds', attempts = attempts + 1
      where id = ?`,
    [workerId, jobId]
  )
  await db.rawQuery(
    `insert into public.worker_leases (worker_id, hostname, pid, expires_at, running_job_ids, running_job_keys)
     values (?, 'gone', 1, now() - interval '1 second', array[?::bigint], array[?::text])`,
    [workerId, jobId, startedWithKey]
  )
  return workerId
}

/** The graphile-worker job (lock, attempts, last error), read past RLS. */
export async function jobRow(jobId: string) {
  const result = await db.rawQuery(
    'select locked_by, attempts, max_attempts, last_error from graphile_worker.jobs where id = ?',
    [jobId]
  )
  return result.rows[0]
}

/** Id of the queued job of `task` whose payload has `key` = `value`. */
export async function jobIdFor(task: string, key: string, value: string) {
  const result = await db.rawQuery(
    `select j.id::text from graphile_worker._private_jobs j
       join graphile_worker._private_tasks t on t.id = j.task_id
      where t.identifier = ? and j.payload->>? = ?
      order by j.id desc limit 1`,
    [task, key, value]
  )
  return result.rows[0]?.id as string | undefined
}

/**
 * Runs the platform's reclaimer once (as the sweeper or the embedded start
 * does) with the crash handlers of every active domain, for module and plugin
 * tests, which reach the kernel only through `#sdk` and `#tests/*`.
 */
export async function reclaimDeadWorkers(scope: 'all' | 'expired') {
  const { crashHandlers } = await platform.tasks()
  return platform.jobs.reclaim(scope, crashHandlers)
}
