import type { HttpContext } from '@adonisjs/core/http'
import {
  asEmbedKeyCreator,
  idParam,
  keysetPage,
  NEWEST_FIRST,
  Problem,
  requireEmbedSession,
  tenant,
} from '#sdk'
import {
  videoJobResource,
  videoProjectResource,
  type VideoProjectRow,
} from '../services/video_project_resource.js'
import {
  createProject,
  editPlan,
  findProject,
  present,
  queuePlan,
  startGeneration,
} from '../services/video_project_service.js'
import type { ScenePlan } from '../services/scene_planner.js'
import { scenePlanValidator } from '../validators/video_project_validator.js'
import {
  embedCreateVideoValidator,
  embedListVideosValidator,
} from '../validators/embed_video_validator.js'

/** A project as the widget sees it (see the `EmbedVideoProject` schema). */
function embedProject(row: VideoProjectRow) {
  const shown = present(row)
  const plan = row.scene_plan as unknown as ScenePlan | null
  return {
    id: row.id,
    goal: row.goal,
    platform: row.platform,
    duration_s: row.duration_s,
    status: row.status,
    scene_plan: plan ? { title: plan.title, scenes: plan.scenes } : null,
    error_message: row.error_message,
    video_url: shown.video_url,
    created_at: row.created_at,
    completed_at: row.completed_at,
  }
}

/**
 * A project with its pipeline steps and progress: finished steps out of the
 * plan's (plan, an image per scene, a clip per scene with Google, the render).
 */
async function embedProjectDetail(row: VideoProjectRow) {
  const steps = await videoJobResource
    .query(tenant().trx)
    .where('project_id', row.id)
    .orderBy([
      { column: 'created_at', order: 'asc' },
      { column: 'id', order: 'asc' },
    ])
  const scenes = (row.scene_plan as unknown as ScenePlan | null)?.scenes.length ?? 0
  const planned = scenes ? 2 + scenes * (row.provider === 'google' ? 2 : 1) : 1
  const total = Math.max(planned, steps.length)
  const completed =
    row.status === 'completed' ? total : steps.filter((step) => step.status === 'completed').length
  return {
    ...embedProject(row),
    progress: { completed, total, percent: Math.floor((completed / total) * 100) },
    steps: steps.map((step) => ({
      job_type: step.job_type,
      scene_index: step.scene_index,
      status: step.status,
    })),
  }
}

/**
 * The video studio of `<aip-video-studio>` (embed key with `video:studio`,
 * end-user session with `video:read` / `video:write`): an end user creates
 * projects from a goal, edits their scene plan, renders them and plays the
 * result, and sees only the projects they created here (RLS on
 * `created_by_end_user_id`; another end user's or the workspace's own are a
 * 404). Planning and rendering run as the embed key's creator, the member
 * accountable for the spend (`asEmbedKeyCreator`); the rules are the API's
 * (same service: plan check, budget reservation, pipeline).
 */
export default class EmbedVideoController {
  /** The end user's projects, newest first. */
  async index(ctx: HttpContext) {
    const { endUserId } = requireEmbedSession()
    const query = await embedListVideosValidator.validate(ctx.request.qs())
    const page = await keysetPage<VideoProjectRow>(
      videoProjectResource.query(tenant().trx).where('created_by_end_user_id', endUserId),
      { ...query, ...NEWEST_FIRST }
    )
    return { ...page, data: page.data.map(embedProject) }
  }

  /** Creates a project from a goal and queues its scene plan (run as the key's creator). */
  async store(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(embedCreateVideoValidator)
    const project = await createProject(input)
    await asEmbedKeyCreator(() => queuePlan(project.id, false))
    ctx.response.status(201)
    return embedProjectDetail(await findProject(project.id))
  }

  /** One of the end user's projects with its steps and progress (what the widget polls). */
  async show(ctx: HttpContext) {
    return embedProjectDetail(await findProject(idParam(ctx.params, 'Video project')))
  }

  /** Replaces the plan with the end user's edit (durations must add up to duration_s). */
  async editPlan(ctx: HttpContext) {
    const id = idParam(ctx.params, 'Video project')
    const input = await ctx.request.validateUsing(scenePlanValidator)
    const project = await findProject(id, { forUpdate: true })
    return embedProjectDetail(await editPlan(project, input))
  }

  /** Renders a draft: budget reserved and pipeline queued as the key's creator. */
  async generate(ctx: HttpContext) {
    const id = idParam(ctx.params, 'Video project')
    const project = await findProject(id, { forUpdate: true })
    // The API's retry of a failed project is the workspace's call, not the end user's.
    if (['failed', 'cancelled'].includes(project.status)) {
      throw Problem.conflict(`A ${project.status} video cannot be rendered again; create a new one`)
    }
    await asEmbedKeyCreator(() => startGeneration(id))
    ctx.response.status(202)
    return embedProjectDetail(await findProject(id))
  }
}
