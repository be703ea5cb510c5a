import type { HttpContext } from '@adonisjs/core/http'
import { Problem, idParam, keysetPage, NEWEST_FIRST, tenant } from '#sdk'
import {
  createVideoProjectValidator,
  listVideoProjectsValidator,
  scenePlanValidator,
  updateVideoProjectValidator,
} from '../validators/video_project_validator.js'
import { videoProjectResource, type VideoProjectRow } from '../services/video_project_resource.js'
import {
  assertCanWrite,
  checkCampaign,
  checkStoredFile,
  createProject,
  EDITABLE_STATUSES,
  editPlan,
  enqueueStep,
  findProject,
  present,
  reserveBudget,
  settleBudget,
  signedVideoLink,
  startGeneration,
  queuePlan,
} from '../services/video_project_service.js'
import { estimateProjectCost } from '../services/cost_estimate.js'
import type { ScenePlan } from '../services/scene_planner.js'

/** Statuses in which a project may be edited or (re)planned. */
const EDITABLE = EDITABLE_STATUSES

function conflict(detail: string) {
  return Problem.conflict(detail)
}

/**
 * Video projects of the current workspace: CRUD, the scene plan (generate,
 * edit), the pipeline (generate, cancel, retry a failed step) and the signed
 * download link.
 */
export default class VideoProjectsController {
  /** A page of projects, newest first. */
  async index({ request }: HttpContext) {
    const filters = await listVideoProjectsValidator.validate(request.qs())
    const query = videoProjectResource.query(tenant().trx)
    if (filters.status) query.where('status', filters.status)
    if (filters.campaign_id) query.where('campaign_id', filters.campaign_id)
    const page = await keysetPage<VideoProjectRow>(query, {
      limit: filters.limit,
      cursor: filters.cursor,
      ...NEWEST_FIRST,
    })
    return { ...page, data: page.data.map(present) }
  }

  /** Creates a draft project. */
  async store({ request, response }: HttpContext) {
    assertCanWrite()
    const input = await request.validateUsing(createVideoProjectValidator)
    const project = await createProject(input)
    response.status(201)
    return present(project)
  }

  async show({ params }: HttpContext) {
    return present(await findProject(idParam(params, 'Video project')))
  }

  /** Updates a draft (or failed / cancelled) project; a changed duration or provider drops the plan. */
  async update({ params, request }: HttpContext) {
    assertCanWrite()
    const id = idParam(params, 'Video project')
    const input = await request.validateUsing(updateVideoProjectValidator)
    const current = await findProject(id, { forUpdate: true })
    if (!EDITABLE.includes(current.status)) {
      throw conflict(`A ${current.status} project cannot be edited`)
    }
    if (input.campaign_id !== undefined) await checkCampaign(input.campaign_id)
    if (input.brand_kit) await checkStoredFile('brand_kit.logo_key', input.brand_kit.logo_key)
    if (input.audio_key !== undefined) await checkStoredFile('audio_key', input.audio_key)
    const values: Record<string, unknown> = videoProjectResource.values(input, 'update')
    if (input.brand_kit) values.brand_kit = JSON.stringify(input.brand_kit)
    const changesShape =
      (input.duration_s !== undefined && input.duration_s !== current.duration_s) ||
      (input.provider !== undefined && input.provider !== current.provider)
    if (changesShape) values.scene_plan = null
    if (!Object.keys(values).length) return present(current)
    await tenant().trx.from('ai_video_projects').where('id', id).update(values)
    return present(await findProject(id))
  }

  /** Deletes a project with its steps (cascade); its files are removed by the privacy erasure or stay private. */
  async destroy({ params, response }: HttpContext) {
    assertCanWrite()
    const id = idParam(params, 'Video project')
    const project = await findProject(id, { forUpdate: true })
    await settleBudget(project.id)
    await tenant().trx.from('ai_video_projects').where('id', id).delete()
    response.status(204)
  }

  /** Queues the scene plan (the project waits in `planning`, then returns to `draft`). */
  async plan({ params, response }: HttpContext) {
    assertCanWrite()
    const id = idParam(params, 'Video project')
    const project = await findProject(id, { forUpdate: true })
    if (!EDITABLE.includes(project.status)) {
      throw conflict(`A ${project.status} project cannot be planned again`)
    }
    await this.#queuePlan(id, false)
    response.status(202)
    return present(await findProject(id))
  }

  /** Replaces the plan with the user's edit (durations must add up to duration_s). */
  async editPlan({ params, request }: HttpContext) {
    assertCanWrite()
    const id = idParam(params, 'Video project')
    const input = await request.validateUsing(scenePlanValidator)
    const project = await findProject(id, { forUpdate: true })
    return present(await editPlan(project, input))
  }

  /**
   * Starts the pipeline: estimates the cost from the registry's prices,
   * reserves it from the workspace's video budget (409 when it does not fit),
   * and queues the first missing step (plan, then images and video).
   */
  async generate({ params, response }: HttpContext) {
    assertCanWrite()
    const project = await startGeneration(idParam(params, 'Video project'))
    response.status(202)
    return present(project)
  }

  /** Cancels a project being planned or generated; its reservation is released. */
  async cancel({ params }: HttpContext) {
    assertCanWrite()
    const id = idParam(params, 'Video project')
    const project = await findProject(id, { forUpdate: true })
    if (['completed', 'failed', 'cancelled'].includes(project.status)) {
      throw conflict(`A ${project.status} project cannot be cancelled`)
    }
    const { trx } = tenant()
    await trx.from('ai_video_projects').where('id', id).update({ status: 'cancelled' })
    await trx
      .from('ai_video_jobs')
      .where('project_id', id)
      .whereIn('status', ['pending', 'processing'])
      .update({ status: 'cancelled' })
    await settleBudget(id)
    return present(await findProject(id))
  }

  /**
   * Resumes a failed or cancelled project at the step that did not finish:
   * finished scenes are kept, failed or unknown ones are submitted again
   * (this explicit call is the only way a submission is repeated).
   */
  async retry({ params, response }: HttpContext) {
    assertCanWrite()
    const id = idParam(params, 'Video project')
    const project = await findProject(id, { forUpdate: true })
    if (!['failed', 'cancelled'].includes(project.status)) {
      throw conflict(
        `Only a failed or cancelled project can be retried (this one is ${project.status})`
      )
    }
    const { trx } = tenant()
    const estimate = Math.max(0, (await estimateProjectCost(project)) - Number(project.cost_usd))
    await reserveBudget(id, estimate)
    await trx
      .from('ai_video_jobs')
      .where('project_id', id)
      .whereIn('status', ['failed', 'filtered', 'cancelled', 'processing'])
      .whereNull('veo_operation_id')
      .update({ status: 'pending', submitted_at: null, error_message: null })
    await trx
      .from('ai_video_jobs')
      .where('project_id', id)
      .whereIn('status', ['failed', 'filtered'])
      .whereNotNull('veo_operation_id')
      .update({
        status: 'pending',
        submitted_at: null,
        veo_operation_id: null,
        error_message: null,
      })
    await trx
      .from('ai_video_jobs')
      .where('project_id', id)
      .where('status', 'cancelled')
      .update({ status: 'processing' })
    await trx.from('ai_video_projects').where('id', id).update({ error_message: null })
    if (!project.scene_plan) {
      await this.#queuePlan(id, true)
    } else {
      const images = await trx
        .from('ai_video_jobs')
        .where({ project_id: id, job_type: 'image_generation', status: 'completed' })
        .count('* as count')
      const scenes = (project.scene_plan as unknown as ScenePlan).scenes.length
      const step = Number(images[0].count) >= scenes ? 'video' : 'images'
      await trx
        .from('ai_video_projects')
        .where('id', id)
        .update({ status: step === 'video' ? 'generating_video' : 'generating_images' })
      await enqueueStep(id, step)
    }
    response.status(202)
    return present(await findProject(id))
  }

  /** A signed, expiring link to the rendered MP4 (409 until the video exists). */
  async download({ params }: HttpContext) {
    const project = await findProject(idParam(params, 'Video project'))
    if (project.status !== 'completed') throw conflict('The video is not rendered yet')
    return signedVideoLink(project.id)
  }

  async #queuePlan(id: string, continueAfter: boolean) {
    await queuePlan(id, continueAfter)
  }
}
