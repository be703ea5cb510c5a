import type { HttpContext } from '@adonisjs/core/http'
import {
  Problem,
  checkSignedLink,
  idParam,
  rawQuery,
  requireCurrentRole,
  tenant,
  withService,
  workspaceStorage,
} from '#sdk'
import { budgetValidator, fileQueryValidator } from '../validators/video_project_validator.js'
import { budgetRow, VIDEO_FILE_LINK } from '../services/video_project_service.js'

const numbers = (row: Record<string, any>) => ({
  user_id: row.user_id ?? null,
  total_videos: Number(row.total_videos),
  autopilot_videos: Number(row.autopilot_videos),
  manual_videos: Number(row.manual_videos),
  completed_videos: Number(row.completed_videos),
  failed_videos: Number(row.failed_videos),
  total_cost_usd: Number(row.total_cost_usd),
  avg_cost_per_video: Number(row.avg_cost_per_video),
  last_video_created: row.last_video_created ?? null,
})

/** Video statistics, the workspace's video budget, and the signed file route. */
export default class VideoStatsController {
  /** ai_video_stats of the workspace and per user (RLS: this workspace only). */
  async stats() {
    const result = await rawQuery(
      tenant().trx,
      'select * from public.ai_video_stats order by workspace_total desc, user_id'
    )
    const workspace = result.rows.find((row: any) => row.workspace_total)
    return {
      workspace: workspace
        ? { ...numbers(workspace), user_id: null }
        : numbers({
            total_videos: 0,
            autopilot_videos: 0,
            manual_videos: 0,
            completed_videos: 0,
            failed_videos: 0,
            total_cost_usd: 0,
            avg_cost_per_video: 0,
          }),
      users: result.rows.filter((row: any) => !row.workspace_total).map(numbers),
    }
  }

  /** The workspace's video budget: limit, reserved, spent, available. */
  async budget() {
    return budgetRow()
  }

  /** Sets the workspace's video budget limit (admins). */
  async setBudget({ request }: HttpContext) {
    requireCurrentRole('admin')
    const input = await request.validateUsing(budgetValidator)
    await budgetRow()
    await tenant()
      .trx.from('ai_video_budgets')
      .where('workspace_id', tenant().workspaceId!)
      .update({ limit_usd: input.limit_usd })
    return budgetRow()
  }

  /**
   * The rendered MP4 for whoever holds the signed link (no token: players
   * open it directly). A forged link answers 403, an expired one 410.
   */
  async file({ params, request, response }: HttpContext) {
    const id = idParam(params, 'Video project')
    const query = await fileQueryValidator.validate(request.qs())
    const check = checkSignedLink(VIDEO_FILE_LINK, id, query.expires, query.signature)
    if (check === 'tampered') throw Problem.forbidden('The video link is not valid')
    if (check === 'expired')
      throw new Problem(410, 'link-expired', 'Gone', 'The video link has expired')
    const row = await withService(({ trx }) =>
      trx
        .from('ai_video_projects')
        .select('workspace_id', 'video_key', 'status')
        .where('id', id)
        .first()
    )
    if (!row?.video_key || row.status !== 'completed') throw Problem.notFound('Video')
    const storage = workspaceStorage(row.workspace_id)
    if (!(await storage.exists(row.video_key))) throw Problem.notFound('Video')
    response.header('Content-Type', 'video/mp4')
    response.header('Content-Length', String(await storage.size(row.video_key)))
    response.header('Cache-Control', 'private, no-store')
    response.stream(await storage.getStream(row.video_key))
  }
}
