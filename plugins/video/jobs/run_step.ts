import type { Task } from 'graphile-worker'
import { jobTenantIdentity, tenantCrashHandler, withTenant } from '#sdk'
import { runImagesStep, runPlanStep, runVideoStep } from '../services/pipeline.js'
import { failProject, type VideoStep } from '../services/video_project_service.js'

/**
 * `video/run_step`: runs one step of a project's pipeline (`plan`, `images`,
 * `video`), keyed by project and step. Each step opens short tenant
 * transactions around its provider calls, never one across them; it is
 * idempotent (finished scenes and stored operation names are reused). The
 * last failed attempt fails the project with the error.
 */
const runStep: Task = async (rawPayload, helpers) => {
  const payload = rawPayload as { project_id: string; step: VideoStep } & Record<string, unknown>
  const identity = jobTenantIdentity(payload, helpers.job.task_identifier)
  try {
    if (payload.step === 'plan') await runPlanStep(identity, payload.project_id)
    else if (payload.step === 'images') await runImagesStep(identity, payload.project_id)
    else if (payload.step === 'video') await runVideoStep(identity, payload.project_id)
  } catch (error) {
    if (helpers.job.attempts >= helpers.job.max_attempts) {
      await withTenant(identity, () =>
        failProject(payload.project_id, `Step ${payload.step} failed: ${(error as Error).message}`)
      )
      return
    }
    throw error
  }
}
export default runStep

/**
 * A step the reclaimer failed for good (its worker died twice, e.g. the
 * encoder crashed the process, or died on its last attempt): the project
 * fails with the reclaimer's reason.
 */
export const onRepeatedCrash = tenantCrashHandler<{ project_id: string; step: string }>(
  async (payload, reason) => {
    await failProject(payload.project_id, `Step ${payload.step} stopped: ${reason}`)
  }
)
