import { withTenant } from '#core/tenancy/tenant_transaction'
import type { TenantContext } from '#core/tenancy/tenant_context'
import { jobTenantIdentity } from '#core/jobs/tenant_job'
import type { ReclaimedFailure } from '#core/jobs/job_reclaimer'
import type { Logger } from '@adonisjs/core/logger'

/**
 * What a task module may export as `onRepeatedCrash`: called once when the
 * job is failed permanently because its worker process died during it a
 * second time (the poison-job rule), so the job's domain can show why (an
 * import marked failed, a document's `processing_error`). The task itself is
 * never run again. `reason` is the readable error stored on the job.
 */
export type JobCrashHandler = (payload: Record<string, unknown>, reason: string) => Promise<void>

/**
 * Wraps an `onRepeatedCrash` handler so it runs in a tenant transaction for
 * the workspace and user that enqueued the job, as `tenantJob()` does for the
 * task itself.
 */
export function tenantCrashHandler<P extends Record<string, unknown>>(
  handler: (payload: P, reason: string, context: TenantContext) => Promise<void>
): JobCrashHandler {
  return async (payload, reason) => {
    const identity = jobTenantIdentity(payload, 'onRepeatedCrash')
    await withTenant(identity, (context) => handler(payload as P, reason, context))
  }
}

/**
 * Calls the `onRepeatedCrash` handler of each job the reclaimer failed
 * permanently (after the reclaim committed). A handler's error is logged: the
 * job stays failed either way.
 */
export async function runCrashHandlers(
  failed: ReclaimedFailure[],
  handlers: Record<string, JobCrashHandler>,
  logger: Logger
) {
  for (const job of failed) {
    logger.error({ job: job.id, task: job.task }, job.reason)
    const handler = handlers[job.task]
    if (!handler) continue
    try {
      await handler(job.payload, job.reason)
    } catch (error) {
      logger.error({ err: error, job: job.id, task: job.task }, 'onRepeatedCrash handler failed')
    }
  }
}
