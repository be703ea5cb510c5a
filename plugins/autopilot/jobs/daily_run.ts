import type { Task } from 'graphile-worker'
import { jobTenantIdentity } from '#sdk'
import { recordRunFailure, runDailyAutopilot } from '../services/daily_run.js'

/**
 * `autopilot/daily_run`: the daily orchestration of one workspace for
 * `run_date` (metrics and monitor, budget allocation, lead triage, content).
 * Enqueued by the 02:00 UTC cron fan-out and by the manual trigger with the
 * job key `autopilot_daily:<date>`; the run row makes a second trigger of the
 * same day a no-op and a retry resume at the step that failed. Each step is
 * its own transaction, so the task opens them itself instead of tenantJob's one.
 */
const dailyRun: Task = async (payload, helpers) => {
  const body = (payload ?? {}) as Record<string, unknown>
  const identity = jobTenantIdentity(body, helpers.job.task_identifier)
  const runDate = String(body.run_date)
  try {
    const result = await runDailyAutopilot(identity, runDate)
    helpers.logger.info(`autopilot daily run ${runDate}: ${result.outcome}`)
  } catch (error) {
    await recordRunFailure(
      identity,
      'daily',
      runDate,
      error,
      helpers.job.attempts >= helpers.job.max_attempts
    )
    throw error
  }
}

export default dailyRun
