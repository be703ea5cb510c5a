import {
  Problem,
  embedSession,
  emitEvent,
  enqueue,
  rawQuery,
  tenant,
  workspaceStorage,
  signLink,
  appUrl,
} from '#sdk'
import { findCampaign } from '#plugins/campaigns/services/index'
import { videoProjectResource, type VideoProjectRow } from './video_project_resource.js'
import { planAddsUp, type ScenePlan } from './scene_planner.js'
import videoConfig from '../video_config.js'
import { stepRow, updateStep } from './pipeline_jobs.js'
import { estimateProjectCost, maxSceneSeconds } from './cost_estimate.js'

/** A pipeline step, as the `video/run_step` job runs it. */
export type VideoStep = 'plan' | 'images' | 'video'

/** Signed-link purpose of rendered video files. */
export const VIDEO_FILE_LINK = 'video-file-download'

/** How long a download link works. */
const LINK_TTL_MS = 60 * 60 * 1000

/** Writes need at least the member role; viewers get a clear 403. */
export function assertCanWrite() {
  if (tenant().workspaceRole === 'viewer') {
    throw Problem.forbidden('Viewers can read videos but not change them')
  }
}

/** The project with this id in the current workspace (RLS), or 404; `forUpdate` locks it. */
export async function findProject(id: string, options: { forUpdate?: boolean } = {}) {
  const query = videoProjectResource.query(tenant().trx).where('id', id)
  if (options.forUpdate) query.forUpdate()
  const row = await query.first()
  if (!row) throw Problem.notFound('Video project')
  return row
}

/** A signed, expiring link of a project's rendered file. */
export function signedVideoLink(projectId: string, now = Date.now()) {
  const expiresAt = new Date(now + LINK_TTL_MS)
  const link = signLink(VIDEO_FILE_LINK, projectId, expiresAt)
  return {
    url: `${appUrl.replace(/\/$/, '')}/v1/video/projects/${projectId}/file?${link.query}`,
    expires_at: expiresAt.toISOString(),
  }
}

/** The project as the API shows it: a fresh signed `video_url` once the video exists. */
export function present(row: VideoProjectRow): VideoProjectRow {
  const hasVideo = row.status === 'completed' && row.video_url === null
  return { ...row, video_url: hasVideo ? signedVideoLink(row.id).url : null }
}

/** Checks that a campaign exists in this workspace (404 names the field as a 422 instead). */
export async function checkCampaign(campaignId: string | null | undefined) {
  if (!campaignId) return
  try {
    await findCampaign(campaignId)
  } catch {
    throw Problem.invalidField('campaign_id', 'No such campaign in this workspace', 'exists')
  }
}

/** A file key of the workspace's storage must exist (logo, audio). */
export async function checkStoredFile(field: string, key: string | null | undefined) {
  if (!key) return
  if (!(await workspaceStorage(tenant().workspaceId!).exists(key))) {
    throw Problem.invalidField(field, 'No such file in the workspace storage', 'exists')
  }
}

/** The workspace's budget row (created with the default limit on first use). */
export async function budgetRow() {
  const { trx, workspaceId } = tenant()
  await rawQuery(
    trx,
    `insert into public.ai_video_budgets (workspace_id, limit_usd) values (?, ?)
      on conflict (workspace_id) do nothing`,
    [workspaceId, videoConfig.defaultBudgetUsd]
  )
  const result = await rawQuery<{ limit_usd: string; reserved_usd: string; spent_usd: string }>(
    trx,
    'select limit_usd, reserved_usd, spent_usd from public.ai_video_budgets where workspace_id = ?',
    [workspaceId]
  )
  const row = result.rows[0]
  const limit = Number(row.limit_usd)
  const reserved = Number(row.reserved_usd)
  const spent = Number(row.spent_usd)
  return {
    limit_usd: limit,
    reserved_usd: reserved,
    spent_usd: spent,
    available_usd: Math.max(0, Math.round((limit - reserved - spent) * 1e4) / 1e4),
  }
}

/**
 * Reserves `amount` USD of the workspace's video budget for a project, in
 * one conditional UPDATE: the row lock makes concurrent reservations queue,
 * and each re-checks the limit against the committed total, so no number of
 * concurrent requests can reserve past it. 409 when it does not fit.
 */
export async function reserveBudget(projectId: string, amount: number) {
  if (amount <= 0) return
  await budgetRow()
  const { trx, workspaceId } = tenant()
  const result = await rawQuery(
    trx,
    `update public.ai_video_budgets set reserved_usd = reserved_usd + ?
      where workspace_id = ? and spent_usd + reserved_usd + ? <= limit_usd
      returning reserved_usd`,
    [amount, workspaceId, amount]
  )
  if (!result.rows.length) {
    const budget = await budgetRow()
    throw new Problem(
      409,
      'video-budget-exceeded',
      'Video budget exceeded',
      `This video is estimated at $${amount.toFixed(4)} but only $${budget.available_usd.toFixed(4)} of the workspace's video budget is available`
    )
  }
  await trx
    .from('ai_video_projects')
    .where('id', projectId)
    .update({ budget_reserved_usd: trx.raw('budget_reserved_usd + ?', [amount]) })
}

/**
 * Books an actual cost as it happens: the project's `cost_usd` grows, and the
 * same amount moves from the project's reservation (as far as it goes) to the
 * workspace's spent total.
 */
export async function bookCost(projectId: string, cost: number) {
  if (cost <= 0) return
  const { trx, workspaceId } = tenant()
  const moved = await rawQuery<{ converted: string }>(
    trx,
    `update public.ai_video_projects p
        set cost_usd = p.cost_usd + ?, budget_reserved_usd = greatest(0, p.budget_reserved_usd - ?)
       from (select budget_reserved_usd from public.ai_video_projects where id = ? for update) old
      where p.id = ? returning least(old.budget_reserved_usd, ?) as converted`,
    [cost, cost, projectId, projectId, cost]
  )
  const converted = Number(moved.rows[0]?.converted ?? 0)
  await budgetRow()
  await rawQuery(
    trx,
    `update public.ai_video_budgets
        set reserved_usd = greatest(0, reserved_usd - ?), spent_usd = spent_usd + ?
      where workspace_id = ?`,
    [converted, cost, workspaceId]
  )
}

/** Releases what is left of a project's reservation (completion, failure, cancel). Idempotent. */
export async function settleBudget(projectId: string) {
  const { trx, workspaceId } = tenant()
  const released = await rawQuery<{ reserved: string }>(
    trx,
    `update public.ai_video_projects p set budget_reserved_usd = 0
       from (select budget_reserved_usd from public.ai_video_projects where id = ? for update) old
      where p.id = ? returning old.budget_reserved_usd as reserved`,
    [projectId, projectId]
  )
  const reserved = Number(released.rows[0]?.reserved ?? 0)
  if (reserved <= 0) return
  await rawQuery(
    trx,
    'update public.ai_video_budgets set reserved_usd = greatest(0, reserved_usd - ?) where workspace_id = ?',
    [reserved, workspaceId]
  )
}

/** Enqueues a pipeline step (keyed by project and step, so a double click runs it once). */
export function enqueueStep(projectId: string, step: VideoStep, runAt?: Date) {
  return enqueue(
    'video/run_step',
    { project_id: projectId, step },
    { jobKey: `video:${projectId}:${step}`, runAt, maxAttempts: 5 }
  )
}

/**
 * Creates a project (draft); used by the route, the video studio widget (the
 * end user of its embed session is recorded as the creator) and by other
 * plugins through the face.
 */
export async function createProject(input: {
  goal: string
  platform?: string
  duration_s?: number
  campaign_id?: string | null
  brand_kit?: Record<string, unknown>
  provider?: string
  audio_key?: string | null
  auto_generated?: boolean
}): Promise<VideoProjectRow> {
  await checkCampaign(input.campaign_id)
  await checkStoredFile('brand_kit.logo_key', input.brand_kit?.logo_key as string | undefined)
  await checkStoredFile('audio_key', input.audio_key)
  const { trx, workspaceId, userId } = tenant()
  const [inserted] = await trx
    .insertQuery()
    .table('ai_video_projects')
    .insert({
      ...videoProjectResource.values(input, 'create'),
      brand_kit: JSON.stringify(input.brand_kit ?? {}),
      auto_generated: input.auto_generated === true,
      workspace_id: workspaceId,
      user_id: userId,
      created_by_end_user_id: embedSession()?.endUserId ?? null,
    })
    .returning('id')
  return findProject(inserted.id)
}

/** Marks a project failed with a readable reason, settles its budget and emits `video.failed`. */
export async function failProject(projectId: string, reason: string) {
  const { trx } = tenant()
  const project = await findProject(projectId, { forUpdate: true })
  if (['completed', 'failed', 'cancelled'].includes(project.status)) return
  await trx
    .from('ai_video_projects')
    .where('id', projectId)
    .update({ status: 'failed', error_message: reason.slice(0, 2000) })
  await settleBudget(projectId)
  await emitEvent('video.failed', {
    project_id: projectId,
    status_before: project.status,
    error_message: reason.slice(0, 2000),
    cost_usd: project.cost_usd,
  })
}

/** Statuses in which a project may be edited or (re)planned. */
export const EDITABLE_STATUSES = ['draft', 'failed', 'cancelled']

/**
 * Stores a user's edit of a project's scene plan (locked with `forUpdate`):
 * 409 unless the project is editable, 422 unless the scene durations add up
 * to the project's duration and each fits the provider's longest scene.
 */
export async function editPlan(
  project: VideoProjectRow,
  input: Omit<ScenePlan, 'planner'>
): Promise<VideoProjectRow> {
  if (!EDITABLE_STATUSES.includes(project.status)) {
    throw Problem.conflict(`The plan of a ${project.status} project cannot be edited`)
  }
  const plan: ScenePlan = { ...input, planner: 'user' }
  if (!planAddsUp(plan, project.duration_s)) {
    const sum = plan.scenes.reduce((total, scene) => total + scene.duration_s, 0)
    throw Problem.invalidField(
      'scenes',
      `Scene durations add up to ${Math.round(sum * 100) / 100} s, not the project's ${project.duration_s} s`,
      'sum'
    )
  }
  const longest = maxSceneSeconds(project.provider)
  if (plan.scenes.some((scene) => scene.duration_s > longest)) {
    throw Problem.invalidField(
      'scenes',
      `A scene may last at most ${longest} s with this provider`,
      'max'
    )
  }
  await storePlan(project.id, plan)
  return findProject(project.id)
}

/** Stores a plan (the planner's or a user's edit). */
export async function storePlan(projectId: string, plan: ScenePlan) {
  await tenant()
    .trx.from('ai_video_projects')
    .where('id', projectId)
    .update({
      scene_plan: JSON.stringify(plan),
      final_prompt: plan.scenes
        .map((scene) => scene.visual_prompt)
        .join(' | ')
        .slice(0, 8000),
    })
}

/** Puts a project into `planning` and queues the planner (`continueAfter`: then images and video). */
export async function queuePlan(id: string, continueAfter: boolean) {
  const job = await stepRow(id, 'scene_plan')
  await updateStep(job.id, {
    status: 'pending',
    error_message: null,
    metadata: { continue: continueAfter },
  })
  await tenant().trx.from('ai_video_projects').where('id', id).update({ status: 'planning' })
  await enqueueStep(id, 'plan')
}

/**
 * Starts a draft project's pipeline: estimates the cost from the registry's
 * prices, reserves it from the workspace's video budget (409 when it does
 * not fit), and queues the first missing step (plan, then images and video).
 */
export async function startGeneration(id: string): Promise<VideoProjectRow> {
  const project = await findProject(id, { forUpdate: true })
  if (project.status !== 'draft') {
    throw Problem.conflict(
      ['failed', 'cancelled'].includes(project.status)
        ? `A ${project.status} project resumes with POST …/retry`
        : `A ${project.status} project is already being generated or is done`
    )
  }
  const estimate = await estimateProjectCost(project)
  await reserveBudget(id, estimate)
  const { trx } = tenant()
  await trx
    .from('ai_video_projects')
    .where('id', id)
    .update({ estimated_cost_usd: estimate, error_message: null })
  if (project.scene_plan) {
    await trx.from('ai_video_projects').where('id', id).update({ status: 'generating_images' })
    await enqueueStep(id, 'images')
  } else {
    await queuePlan(id, true)
  }
  return findProject(id)
}
