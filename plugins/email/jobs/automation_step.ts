import type { Task } from 'graphile-worker'
import { jobTenantIdentity, tenantCrashHandler, withTenant } from '#sdk'
import { failEnrollment, runAutomationStep } from '../services/automation_runner.js'

/**
 * `email/automation_step`: runs the due step of one enrollment (job key per
 * enrollment; waits are this job's `run_at`, so they survive restarts). Its
 * own transactions around the SMTP exchange; on the last failed attempt the
 * enrollment is marked failed.
 */
const automationStep: Task = async (rawPayload, helpers) => {
  const payload = rawPayload as { enrollment_id: string }
  const identity = jobTenantIdentity(payload, helpers.job.task_identifier)
  try {
    await runAutomationStep(identity, payload.enrollment_id, String(helpers.job.id))
  } catch (error) {
    if (helpers.job.attempts >= helpers.job.max_attempts) {
      await withTenant(identity, () =>
        failEnrollment(payload.enrollment_id, (error as Error).message)
      )
    }
    throw error
  }
}

/**
 * The poison-job rule fails a step job whose worker died twice while running
 * it: the enrollment is marked failed rather than left active with no job
 * (a message it had claimed stays `sending` in the ledger, visible).
 */
export const onRepeatedCrash = tenantCrashHandler<{ enrollment_id: string }>(
  async ({ enrollment_id: enrollmentId }, reason) => {
    await failEnrollment(enrollmentId, `worker crashed repeatedly: ${reason}`)
  }
)

export default automationStep
