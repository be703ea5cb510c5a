import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  AiGatewayError,
  aiMedia,
  emitEvent,
  isQuotaError,
  tenant,
  withTenant,
  workspaceStorage,
  type PreparedMedia,
  type TenantIdentity,
} from '#sdk'
import { findCampaign } from '#plugins/campaigns/services/index'
import videoConfig from '../video_config.js'
import { resolveBrandKit } from './brand_kit.js'
import { maxSceneSeconds } from './cost_estimate.js'
import { ffmpegBinaries } from './ffmpeg_binaries.js'
import { stepRow, updateStep } from './pipeline_jobs.js'
import { PLATFORM_FORMATS, veoClipSeconds, type VideoPlatform } from './platforms.js'
import { planAddsUp, planLocally, planRemotely, type ScenePlan } from './scene_planner.js'
import {
  bookCost,
  enqueueStep,
  failProject,
  findProject,
  settleBudget,
  storePlan,
} from './video_project_service.js'
import type { VideoProjectRow } from './video_project_resource.js'
import { renderVideo, type RenderScene } from './video_renderer.js'

/** A job's tenant identity (the workspace and user that enqueued it). */
type Identity = TenantIdentity & { userId: string; workspaceId: string }

/** Storage folder of a project's files (the private `ai-videos` area of the workspace). */
export const projectFolder = (projectId: string) => `ai-videos/${projectId}`

/** The project if it is still at `status` (a cancel or another run moved it on: null). */
async function projectAt(projectId: string, status: VideoProjectRow['status']) {
  const project = await findProject(projectId, { forUpdate: true }).catch(() => null)
  return project?.status === status ? project : null
}

/** Whether a provider failure certainly created nothing (an HTTP error answer, not a lost connection). */
function definitelyNotSubmitted(error: unknown) {
  if (isQuotaError(error)) return true
  const cause = (error as { cause?: { statusCode?: number } })?.cause
  return error instanceof AiGatewayError && typeof cause?.statusCode === 'number'
}

/** Step 1: the scene plan (local planner, or a remote model through the gateway). */
export async function runPlanStep(identity: Identity, projectId: string) {
  const start = await withTenant(identity, async () => {
    const project = await projectAt(projectId, 'planning')
    if (!project) return null
    const job = await stepRow(projectId, 'scene_plan')
    await updateStep(job.id, { status: 'processing', error_message: null })
    const campaign = project.campaign_id
      ? await findCampaign(project.campaign_id).catch(() => null)
      : null
    return { project, job, campaign }
  })
  if (!start) return
  const { project, job, campaign } = start
  const input = {
    goal: project.goal,
    durationS: project.duration_s,
    platform: project.platform,
    maxSceneS: maxSceneSeconds(project.provider),
    campaign,
  }
  let plan: ScenePlan
  if (project.provider === 'local') {
    plan = planLocally(input)
  } else {
    // The gateway meters in its own short transaction, which holds no lock on the project.
    const planner = project.provider === 'openai' ? 'openai' : 'google'
    plan = await withTenant(identity, () => planRemotely(input, planner))
  }
  await withTenant(identity, async () => {
    if (!(await projectAt(projectId, 'planning'))) return
    if (!planAddsUp(plan, project.duration_s)) {
      await updateStep(job.id, {
        status: 'failed',
        error_message: 'plan does not fit the duration',
      })
      await failProject(projectId, `The planned scenes do not add up to ${project.duration_s} s`)
      return
    }
    await storePlan(projectId, plan)
    await updateStep(job.id, {
      status: 'completed',
      completed_at: new Date(),
      metadata: { ...job.metadata, scenes: plan.scenes.length, planner: plan.planner },
    })
    const next = job.metadata?.continue === true ? 'generating_images' : 'draft'
    await tenantUpdate(projectId, { status: next })
    if (next === 'generating_images') await enqueueStep(projectId, 'images')
  })
}

async function tenantUpdate(projectId: string, values: Record<string, unknown>) {
  await tenant().trx.from('ai_video_projects').where('id', projectId).update(values)
}

/**
 * Step 2: one image per scene. Each paid call is recorded as submitted
 * (committed) before it is made and its result committed right after, one
 * scene at a time, so a restarted job skips finished scenes and never sends
 * a call twice: a scene found submitted with no result (the worker died
 * during the call) fails the project with that reason; an explicit retry
 * submits it again.
 */
export async function runImagesStep(identity: Identity, projectId: string) {
  const storage = workspaceStorage(identity.workspaceId)
  const project = await withTenant(identity, () => projectAt(projectId, 'generating_images'))
  if (!project) return
  const plan = project.scene_plan as unknown as ScenePlan
  const format = PLATFORM_FORMATS[project.platform as VideoPlatform]
  const brand = await withTenant(identity, () => resolveBrandKit(project.brand_kit))
  for (const [index, scene] of plan.scenes.entries()) {
    const key = `${projectFolder(projectId)}/scene-${index}.png`
    const start = await withTenant(identity, async () => {
      if (!(await projectAt(projectId, 'generating_images'))) return { stop: true as const }
      const job = await stepRow(projectId, 'image_generation', index)
      if (job.status === 'completed') return { skip: true as const }
      if (job.status === 'processing' && job.submitted_at && project.provider !== 'local') {
        const reason = `The image of scene ${index + 1} was being generated when the worker stopped; its outcome is unknown, so it is not submitted again automatically: retry the project to submit it again`
        await updateStep(job.id, { status: 'failed', error_message: reason })
        await failProject(projectId, reason)
        return { stop: true as const }
      }
      const prepared = await aiMedia.prepare('image', {
        purpose: 'video.images',
        provider: project.provider,
      })
      await updateStep(job.id, {
        status: 'processing',
        submitted_at: new Date(),
        error_message: null,
        metadata: { prompt: scene.visual_prompt, model: prepared.model },
      })
      return { job, prepared }
    })
    if ('stop' in start) return
    if ('skip' in start) continue
    const { job, prepared } = start
    let outcome
    try {
      outcome = await aiMedia.generateImage(prepared, {
        prompt: scene.visual_prompt,
        aspectRatio: format.aspectRatio,
        palette: [brand.primary_color, brand.secondary_color],
      })
    } catch (error) {
      if (definitelyNotSubmitted(error)) {
        await withTenant(identity, () =>
          updateStep(job.id, {
            status: 'pending',
            submitted_at: null,
            error_message: (error as Error).message,
          })
        )
      }
      throw error
    }
    if (outcome.status === 'ok') await storage.put(key, outcome.bytes, outcome.mimeType)
    const stopped = await withTenant(identity, async () => {
      if (outcome.status === 'filtered') {
        await aiMedia.record(prepared, { units: 1, filteredReason: outcome.reason })
        await updateStep(job.id, { status: 'filtered', error_message: outcome.reason })
        await failProject(
          projectId,
          `The provider's safety rules filtered the image of scene ${index + 1}: ${outcome.reason}`
        )
        return true
      }
      const usage = await aiMedia.record(prepared, { units: 1, tokens: outcome.tokens })
      await updateStep(job.id, {
        status: 'completed',
        result_url: key,
        cost_usd: usage.costUsd,
        completed_at: new Date(),
      })
      await bookCost(projectId, usage.costUsd)
      return false
    })
    if (stopped) return
  }
  await withTenant(identity, async () => {
    if (!(await projectAt(projectId, 'generating_images'))) return
    await tenantUpdate(projectId, {
      generated_images: plan.scenes.map((_, i) => `${projectFolder(projectId)}/scene-${i}.png`),
      status: 'generating_video',
    })
    await enqueueStep(projectId, 'video')
  })
}

/** Step 3: the video: Veo clips per scene (google), then the render; or the offline render. */
export async function runVideoStep(identity: Identity, projectId: string) {
  const project = await withTenant(identity, () => projectAt(projectId, 'generating_video'))
  if (!project) return
  if (project.provider === 'google') {
    const ready = await advanceVeo(identity, project)
    if (!ready) return
  }
  await renderProject(identity, project)
}

/**
 * Veo: submits each scene's clip once (the operation name is committed
 * before the first poll), polls every pending operation once, downloads the
 * finished ones, and re-enqueues itself with a growing delay while any is
 * running: no job or transaction waits on the provider. Returns true when
 * every clip is stored.
 */
async function advanceVeo(identity: Identity, project: VideoProjectRow): Promise<boolean> {
  const storage = workspaceStorage(identity.workspaceId)
  const plan = project.scene_plan as unknown as ScenePlan
  const format = PLATFORM_FORMATS[project.platform as VideoPlatform]
  const prepared: PreparedMedia = await withTenant(identity, () =>
    aiMedia.prepare('video', { purpose: 'video.clips', provider: 'google' })
  )
  let running = 0
  let polls = 0
  for (const [index, scene] of plan.scenes.entries()) {
    const clipKey = `${projectFolder(project.id)}/clip-${index}.mp4`
    const seconds = veoClipSeconds(scene.duration_s)
    const state = await withTenant(identity, async () => {
      if (!(await projectAt(project.id, 'generating_video'))) return { stop: true as const }
      const job = await stepRow(project.id, 'video_generation', index)
      if (job.status === 'completed') return { skip: true as const }
      if (!job.veo_operation_id && job.submitted_at) {
        const reason = `The Veo clip of scene ${index + 1} was being submitted when the worker stopped; whether Google accepted it is unknown, so it is not submitted again automatically: retry the project to submit it again`
        await updateStep(job.id, { status: 'failed', error_message: reason })
        await failProject(project.id, reason)
        return { stop: true as const }
      }
      if (!job.veo_operation_id) {
        await updateStep(job.id, { status: 'processing', submitted_at: new Date() })
      }
      return { job }
    })
    if ('stop' in state) return false
    if ('skip' in state) continue
    let job = state.job
    if (!job.veo_operation_id) {
      const image = await storage
        .getBytes(`${projectFolder(project.id)}/scene-${index}.png`)
        .catch(() => null)
      let operation: string
      try {
        operation = await aiMedia.startVideo(prepared, {
          prompt: scene.visual_prompt,
          aspectRatio: format.aspectRatio,
          durationSeconds: seconds,
          image: image ? { bytes: image, mimeType: 'image/png' } : undefined,
        })
      } catch (error) {
        if (definitelyNotSubmitted(error)) {
          await withTenant(identity, () =>
            updateStep(job.id, {
              status: 'pending',
              submitted_at: null,
              error_message: (error as Error).message,
            })
          )
        }
        throw error
      }
      await withTenant(identity, async () => {
        await updateStep(job.id, { veo_operation_id: operation, metadata: { polls: 0, seconds } })
        if (index === 0) await tenantUpdate(project.id, { veo_operation_id: operation })
      })
      job = { ...job, veo_operation_id: operation, metadata: { polls: 0, seconds } }
    }
    const poll = await aiMedia.pollVideo(prepared, job.veo_operation_id!)
    const jobPolls = Number((job.metadata as { polls?: number }).polls ?? 0) + 1
    polls = Math.max(polls, jobPolls)
    if (poll.status === 'running') {
      const startedAt = new Date(job.submitted_at ?? Date.now()).getTime()
      if (Date.now() - startedAt > videoConfig.operationTimeoutSeconds * 1000) {
        const reason = `The Veo clip of scene ${index + 1} was still running after ${videoConfig.operationTimeoutSeconds} s`
        await withTenant(identity, async () => {
          await updateStep(job.id, { status: 'failed', error_message: reason })
          await failProject(project.id, reason)
        })
        return false
      }
      running++
      await withTenant(identity, () =>
        updateStep(job.id, { metadata: { ...job.metadata, polls: jobPolls } })
      )
      continue
    }
    if (poll.status === 'done') {
      const bytes = await aiMedia.downloadVideo(prepared, poll.uri)
      await storage.put(clipKey, bytes, poll.mimeType)
    }
    const stop = await withTenant(identity, async () => {
      if (poll.status === 'done') {
        const usage = await aiMedia.record(prepared, { units: seconds })
        await updateStep(job.id, {
          status: 'completed',
          result_url: clipKey,
          cost_usd: usage.costUsd,
          completed_at: new Date(),
          metadata: { ...job.metadata, polls: jobPolls },
        })
        await bookCost(project.id, usage.costUsd)
        return false
      }
      if (poll.status === 'filtered') {
        await aiMedia.record(prepared, { units: seconds, filteredReason: poll.reason })
        await updateStep(job.id, { status: 'filtered', error_message: poll.reason })
        await failProject(
          project.id,
          `The provider's safety rules filtered the clip of scene ${index + 1}: ${poll.reason}`
        )
        return true
      }
      await updateStep(job.id, { status: 'failed', error_message: poll.reason })
      await failProject(project.id, `Veo failed on scene ${index + 1}: ${poll.reason}`)
      return true
    })
    if (stop) return false
  }
  if (running > 0) {
    const delay = Math.min(60, videoConfig.pollIntervalSeconds * 1.5 ** Math.max(0, polls - 1))
    await withTenant(identity, async () => {
      if (await projectAt(project.id, 'generating_video')) {
        await enqueueStep(project.id, 'video', new Date(Date.now() + delay * 1000))
      }
    })
    return false
  }
  return true
}

/** Renders the final MP4 (stills or Veo clips, captions, brand) and completes the project. */
async function renderProject(identity: Identity, project: VideoProjectRow) {
  const storage = workspaceStorage(identity.workspaceId)
  const plan = project.scene_plan as unknown as ScenePlan
  const format = PLATFORM_FORMATS[project.platform as VideoPlatform]
  const start = await withTenant(identity, async () => {
    if (!(await projectAt(project.id, 'generating_video'))) return null
    const job = await stepRow(project.id, 'render')
    await updateStep(job.id, { status: 'processing', error_message: null })
    return { job, brand: await resolveBrandKit(project.brand_kit) }
  })
  if (!start) return
  const workDir = await mkdtemp(join(tmpdir(), 'aip-video-'))
  const key = `${projectFolder(project.id)}/video.mp4`
  let report
  try {
    const scenes: RenderScene[] = []
    for (const [index, scene] of plan.scenes.entries()) {
      const clip = project.provider === 'google'
      const source = `${projectFolder(project.id)}/${clip ? `clip-${index}.mp4` : `scene-${index}.png`}`
      const file = join(workDir, clip ? `clip-${index}.mp4` : `scene-${index}.png`)
      await writeFile(file, await storage.getBytes(source))
      scenes.push({
        duration_s: scene.duration_s,
        caption: scene.caption,
        [clip ? 'clip' : 'still']: file,
      })
    }
    const copy = async (storageKey: string | null | undefined, name: string) => {
      if (!storageKey) return undefined
      const file = join(workDir, name)
      await writeFile(file, await storage.getBytes(storageKey))
      return file
    }
    const output = join(workDir, 'video.mp4')
    report = await renderVideo({
      width: format.width,
      height: format.height,
      fps: videoConfig.fps,
      durationS: project.duration_s,
      title: plan.title,
      scenes,
      brand: start.brand,
      logo: await copy(start.brand.logo_key, 'logo'),
      audio: await copy(project.audio_key, 'audio'),
      workDir,
      output,
      binaries: ffmpegBinaries(videoConfig.binaries),
    })
    await storage.put(key, await readFile(output), 'video/mp4')
  } finally {
    await rm(workDir, { recursive: true, force: true })
  }
  await withTenant(identity, async () => {
    const current = await projectAt(project.id, 'generating_video')
    if (!current) return
    await updateStep(start.job.id, {
      status: 'completed',
      result_url: key,
      completed_at: new Date(),
      metadata: { render_ms: report.wallMs, encoder_max_rss_kb: report.maxRssKb },
    })
    await tenantUpdate(project.id, {
      status: 'completed',
      video_key: key,
      completed_at: new Date(),
      error_message: null,
    })
    await settleBudget(project.id)
    const done = await findProject(project.id)
    await emitEvent('video.completed', {
      project_id: project.id,
      campaign_id: done.campaign_id,
      platform: done.platform,
      duration_s: done.duration_s,
      cost_usd: done.cost_usd,
      auto_generated: done.auto_generated,
      completed_at: new Date(done.completed_at!).toISOString(),
    })
  })
}
