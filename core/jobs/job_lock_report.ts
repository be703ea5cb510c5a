import type { PlatformConfig } from '#core/platform_config'

/** Runs one read-only query (the health probe passes its own connection). */
export type ReportQuery = (sql: string, bindings: unknown[]) => Promise<{ rows: any[] }>

/** Locked jobs as /health/ready reports them. */
export interface JobLockReport {
  /**
   * `ok`; `slow` when jobs have been locked longer than `slowJobSeconds` by
   * live workers (busy, still ready); `stuck` when jobs are held by workers
   * whose lease expired long enough ago that a sweeper should have reclaimed
   * them (recovery is not working: not ready).
   */
  status: 'ok' | 'slow' | 'stuck'
  locked: number
  /** Jobs locked longer than `slow_after_seconds`. */
  slow: number
  /** Jobs locked by a worker without a live lease, past the reclaim deadline. */
  stuck: number
  oldest_locked_seconds: number | null
  slow_after_seconds: number
}

/**
 * Counts locked jobs and how long they have been locked, against the workers'
 * leases. A lock is stuck when its worker's lease expired more than one lease
 * ago (or, without a lease row, when it is older than two leases): every
 * worker's sweeper runs every third of a lease, so it should be gone by then.
 */
export async function jobLockReport(
  query: ReportQuery,
  config: PlatformConfig['worker']
): Promise<JobLockReport> {
  const result = await query(
    `select count(*)::int as locked,
       count(*) filter (where j.locked_at < now() - make_interval(secs => ?))::int as slow,
       count(*) filter (where
         (l.worker_id is null and j.locked_at < now() - make_interval(secs => ?))
         or l.expires_at < now() - make_interval(secs => ?))::int as stuck,
       floor(extract(epoch from now() - min(j.locked_at)))::int as oldest
     from graphile_worker.jobs j
     left join public.worker_leases l on l.worker_id = j.locked_by
     where j.locked_at is not null`,
    [config.slowJobSeconds, 2 * config.leaseSeconds, config.leaseSeconds]
  )
  const row = result.rows[0]
  return {
    status: row.stuck ? 'stuck' : row.slow ? 'slow' : 'ok',
    locked: row.locked,
    slow: row.slow,
    stuck: row.stuck,
    oldest_locked_seconds: row.oldest,
    slow_after_seconds: config.slowJobSeconds,
  }
}
