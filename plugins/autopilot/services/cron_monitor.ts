import { rawQuery, tenant } from '#sdk'

/** The autopilot's schedules, as the plugin's crontab declares them. */
export const AUTOPILOT_SCHEDULES = [
  { schedule: 'daily', task: 'autopilot/daily_run', cron: '0 2 * * *', key: 'autopilot_daily:' },
  {
    schedule: 'weekly',
    task: 'autopilot/weekly_report',
    cron: '0 9 * * 1',
    key: 'autopilot_weekly:',
  },
] as const

/** The next time a schedule fires after `now` (daily 02:00 UTC, weekly Monday 09:00 UTC). */
export function nextRunAt(schedule: 'daily' | 'weekly', now: Date) {
  const next = new Date(now)
  next.setUTCSeconds(0, 0)
  if (schedule === 'daily') {
    next.setUTCHours(2, 0)
    if (next <= now) next.setUTCDate(next.getUTCDate() + 1)
    return next
  }
  next.setUTCHours(9, 0)
  const untilMonday = (8 - next.getUTCDay()) % 7
  next.setUTCDate(next.getUTCDate() + untilMonday)
  if (next <= now) next.setUTCDate(next.getUTCDate() + 7)
  return next
}

interface RunRow {
  id: string
  kind: 'daily' | 'weekly'
  run_date: string
  status: string
  started_at: Date
  finished_at: Date | null
  last_error: string | null
}

interface JobRow {
  task: string
  job_key: string
  attempts: number
  max_attempts: number
  last_error: string | null
  run_at: Date
  locked_at: Date | null
}

/**
 * The seed's `autopilot_cron_monitor`, per schedule of this workspace: the
 * last run (autopilot_runs), the next firing, the queued job in
 * graphile-worker (attempts, lock) through `app.autopilot_job_state()`, the
 * last error and how many runs in a row failed (a failing queued job counts).
 */
export async function cronMonitor(now = new Date()) {
  const { trx } = tenant()
  const runs = await rawQuery<RunRow>(
    trx,
    `select id, kind, run_date::text as run_date, status, started_at, finished_at, last_error
      from (select r.*, row_number() over (partition by kind order by run_date desc) as n
            from autopilot_runs r) ranked
      where n <= 30
      order by kind, run_date desc`
  )
  const jobs = await rawQuery<JobRow>(
    trx,
    'select * from app.autopilot_job_state() order by run_at'
  )
  return {
    data: AUTOPILOT_SCHEDULES.map((entry) => {
      const history = runs.rows.filter((run) => run.kind === entry.schedule)
      const job = jobs.rows.find(
        (row) => row.task === entry.task && row.job_key.startsWith(entry.key)
      )
      let failures = 0
      for (const run of history) {
        if (run.status !== 'failed') break
        failures++
      }
      if (job && job.attempts > 0 && job.last_error) failures++
      const last = history[0]
      return {
        schedule: entry.schedule,
        task: entry.task,
        cron: entry.cron,
        last_run: last
          ? {
              id: last.id,
              date: last.run_date,
              status: last.status,
              started_at: last.started_at,
              finished_at: last.finished_at,
            }
          : null,
        next_run_at: nextRunAt(entry.schedule, now),
        queued: job
          ? {
              job_key: job.job_key,
              attempts: job.attempts,
              max_attempts: job.max_attempts,
              run_at: job.run_at,
              locked: job.locked_at !== null,
            }
          : null,
        last_error: job?.last_error ?? last?.last_error ?? null,
        failures_in_a_row: failures,
      }
    }),
  }
}
