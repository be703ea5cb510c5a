import router from '@adonisjs/core/services/router'
import { uuidParams } from '#sdk'
import {
  budget,
  download,
  embedProjectDetail,
  embedProjectPage,
  jobPage,
  project,
  projectPage,
  stats,
} from './openapi/video_schemas.js'
import {
  embedCreateVideoValidator,
  embedListVideosValidator,
} from './validators/embed_video_validator.js'
import {
  budgetValidator,
  createVideoProjectValidator,
  fileQueryValidator,
  listVideoJobsValidator,
  listVideoProjectsValidator,
  scenePlanValidator,
  updateVideoProjectValidator,
} from './validators/video_project_validator.js'

const ProjectsController = () => import('./controllers/video_projects_controller.js')
const JobsController = () => import('./controllers/video_jobs_controller.js')
const StatsController = () => import('./controllers/video_stats_controller.js')
const EmbedVideoController = () => import('./controllers/embed_video_controller.js')

const tag = 'Video'
const read = 'video:read'
const write = 'video:write'
const id = uuidParams()
const accepted = { 202: { description: 'Queued', schema: project } }

/**
 * The video studio of `<aip-video-studio>`: embed key with `video:studio` and
 * an end-user session (`video:read` to see, `video:write` to create, edit and
 * render); an end user reaches only the projects they created here.
 */
function embedStudioRoutes() {
  const capability = 'video:studio'
  const embed = { tag, auth: 'embed' as const, capability, session: 'required' as const }
  const refused = {
    404: { description: "No such project of this end user (another end user's or workspace's)" },
  }
  router.get('/embed/video/projects', [EmbedVideoController, 'index']).openapi({
    operationId: 'video.embed_studio.list',
    summary: "The end user's video projects, newest first (video studio widget)",
    ...embed,
    sessionScope: read,
    query: embedListVideosValidator,
    responses: { 200: { description: 'A page of projects', schema: embedProjectPage } },
  })
  router.post('/embed/video/projects', [EmbedVideoController, 'store']).openapi({
    operationId: 'video.embed_studio.create',
    summary: 'Create a video project from a goal and queue its scene plan (video studio widget)',
    description:
      "The scene plan is queued as the embed key's creator, the member accountable for the spend; 409 when that member left the workspace.",
    ...embed,
    sessionScope: write,
    body: embedCreateVideoValidator,
    responses: {
      201: { description: 'Created, plan queued', schema: embedProjectDetail },
      409: { description: "The embed key's creator is no longer a member who can start work" },
    },
  })
  router.get('/embed/video/projects/:id', [EmbedVideoController, 'show']).openapi({
    operationId: 'video.embed_studio.show',
    summary: "One of the end user's projects with its steps and progress (polled while rendering)",
    ...embed,
    sessionScope: read,
    params: id,
    responses: {
      200: { description: 'The project', schema: embedProjectDetail },
      ...refused,
    },
  })
  router.post('/embed/video/projects/:id/plan', [EmbedVideoController, 'editPlan']).openapi({
    operationId: 'video.embed_studio.edit_plan',
    summary:
      "Replace the scene plan with the end user's edit (durations must add up to duration_s)",
    ...embed,
    sessionScope: write,
    params: id,
    body: scenePlanValidator,
    responses: {
      200: { description: 'Plan stored', schema: embedProjectDetail },
      ...refused,
      409: { description: 'The project is being generated or done' },
    },
  })
  router.post('/embed/video/projects/:id/generate', [EmbedVideoController, 'generate']).openapi({
    operationId: 'video.embed_studio.generate',
    summary: "Render the project: budget reserved and pipeline queued as the key's creator",
    ...embed,
    sessionScope: write,
    params: id,
    responses: {
      202: { description: 'Queued', schema: embedProjectDetail },
      ...refused,
      409: {
        description:
          "Budget exceeded, the project is not a draft, or the embed key's creator can no longer start work",
      },
    },
  })
}

/**
 * Registers the video plugin's routes (mounted under /v1 behind the tenant
 * and idempotency middleware). Every route carries `.openapi({...})`.
 */
export default function registerVideoRoutes() {
  router.get('/video/projects', [ProjectsController, 'index']).openapi({
    operationId: 'video.projects.list',
    summary: 'Video projects of this workspace, newest first',
    tag,
    scope: read,
    query: listVideoProjectsValidator,
    responses: { 200: { description: 'A page of projects', schema: projectPage } },
  })
  router.post('/video/projects', [ProjectsController, 'store']).openapi({
    operationId: 'video.projects.create',
    summary: 'Create a video project (draft)',
    tag,
    scope: write,
    body: createVideoProjectValidator,
    responses: { 201: { description: 'Created', schema: project } },
  })
  router.get('/video/projects/:id', [ProjectsController, 'show']).openapi({
    operationId: 'video.projects.show',
    summary: 'One video project (with a signed video_url once rendered)',
    tag,
    scope: read,
    params: id,
    responses: { 200: { description: 'The project', schema: project } },
  })
  router.patch('/video/projects/:id', [ProjectsController, 'update']).openapi({
    operationId: 'video.projects.update',
    summary: 'Update a draft, failed or cancelled project',
    tag,
    scope: write,
    params: id,
    body: updateVideoProjectValidator,
    responses: { 200: { description: 'Updated', schema: project } },
  })
  router.delete('/video/projects/:id', [ProjectsController, 'destroy']).openapi({
    operationId: 'video.projects.delete',
    summary: 'Delete a project and its steps',
    tag,
    scope: write,
    params: id,
    responses: { 204: { description: 'Deleted' } },
  })
  router.post('/video/projects/:id/plan', [ProjectsController, 'plan']).openapi({
    operationId: 'video.projects.plan',
    summary: 'Queue the scene plan (the project returns to draft with its plan)',
    tag,
    scope: write,
    params: id,
    responses: accepted,
  })
  router.put('/video/projects/:id/plan', [ProjectsController, 'editPlan']).openapi({
    operationId: 'video.projects.edit_plan',
    summary: 'Replace the scene plan with an edited one (durations must add up to duration_s)',
    tag,
    scope: write,
    params: id,
    body: scenePlanValidator,
    responses: { 200: { description: 'Plan stored', schema: project } },
  })
  router.post('/video/projects/:id/generate', [ProjectsController, 'generate']).openapi({
    operationId: 'video.projects.generate',
    summary: 'Estimate, reserve the budget and generate: plan, images, video',
    tag,
    scope: write,
    params: id,
    responses: { ...accepted, 409: { description: 'Budget exceeded or wrong status' } },
  })
  router.post('/video/projects/:id/cancel', [ProjectsController, 'cancel']).openapi({
    operationId: 'video.projects.cancel',
    summary: 'Cancel a project being planned or generated',
    tag,
    scope: write,
    params: id,
    responses: { 200: { description: 'Cancelled', schema: project } },
  })
  router.post('/video/projects/:id/retry', [ProjectsController, 'retry']).openapi({
    operationId: 'video.projects.retry',
    summary: 'Resume a failed or cancelled project at the step that did not finish',
    tag,
    scope: write,
    params: id,
    responses: accepted,
  })
  router.get('/video/projects/:id/download', [ProjectsController, 'download']).openapi({
    operationId: 'video.projects.download',
    summary: 'A signed, expiring link to the rendered MP4',
    tag,
    scope: read,
    params: id,
    responses: { 200: { description: 'The link', schema: download } },
  })
  router.get('/video/projects/:id/file', [StatsController, 'file']).openapi({
    operationId: 'video.projects.file',
    summary: 'The rendered MP4 behind a signed link',
    description:
      "The link comes from `GET …/download` or the project's `video_url`. No bearer token: the HMAC signature authorises it until it expires.",
    tag,
    auth: 'none',
    params: id,
    query: fileQueryValidator,
    responses: {
      200: { description: 'The video (video/mp4)' },
      403: { description: 'Forged or edited link' },
      410: { description: 'Expired link' },
    },
  })
  router.get('/video/projects/:id/jobs', [JobsController, 'index']).openapi({
    operationId: 'video.jobs.list',
    summary: "The project's pipeline steps: progress, result and error of each",
    tag,
    scope: read,
    params: id,
    query: listVideoJobsValidator,
    responses: { 200: { description: 'A page of steps', schema: jobPage } },
  })
  router.get('/video/stats', [StatsController, 'stats']).openapi({
    operationId: 'video.stats.show',
    summary: 'Video statistics of the workspace and per user (ai_video_stats)',
    tag,
    scope: read,
    responses: { 200: { description: 'The statistics', schema: stats } },
  })
  router.get('/video/budget', [StatsController, 'budget']).openapi({
    operationId: 'video.budget.show',
    summary: "The workspace's video budget",
    tag,
    scope: read,
    responses: { 200: { description: 'The budget', schema: budget } },
  })
  router.put('/video/budget', [StatsController, 'setBudget']).openapi({
    operationId: 'video.budget.update',
    summary: "Set the workspace's video budget limit (admins)",
    tag,
    scope: write,
    body: budgetValidator,
    responses: { 200: { description: 'The budget', schema: budget } },
  })
  embedStudioRoutes()
}
