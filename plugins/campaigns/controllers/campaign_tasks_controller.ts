import type { HttpContext } from '@adonisjs/core/http'
import { keysetPage, Problem, tenant, idParam } from '#sdk'
import {
  createTaskValidator,
  listTasksValidator,
  updateTaskValidator,
} from '../validators/task_validator.js'
import { assertCanWrite, findCampaign } from '../services/campaign_service.js'
import { campaignTaskResource } from '../services/campaign_task_resource.js'
/** `completed_at` follows the status: set when a task completes, cleared when it reopens. */
function completedAtFor(status: string | undefined, current: Date | null) {
  if (status === undefined) return undefined
  return status === 'completed' ? (current ?? new Date()) : null
}

/** Tasks of one campaign (seed table campaign_tasks). */
export default class CampaignTasksController {
  /** Tasks of the campaign, oldest first, filtered by status and priority. */
  async index({ params, request }: HttpContext) {
    const campaign = await findCampaign(idParam(params, 'Campaign'))
    const filters = await listTasksValidator.validate(request.qs())
    const { trx } = tenant()
    const query = campaignTaskResource.query(trx).where('campaign_id', campaign.id)
    if (filters.status) query.where('status', filters.status)
    if (filters.priority) query.where('priority', filters.priority)
    return keysetPage(query, {
      limit: filters.limit,
      cursor: filters.cursor,
      keys: [
        { column: 'created_at', cast: 'timestamptz' },
        { column: 'id', cast: 'uuid' },
      ],
      direction: 'asc',
    })
  }

  async store({ params, request, response }: HttpContext) {
    assertCanWrite()
    const campaign = await findCampaign(idParam(params, 'Campaign'))
    const input = await request.validateUsing(createTaskValidator)
    const { trx, workspaceId, userId } = tenant()
    const [task] = await trx
      .insertQuery()
      .table('campaign_tasks')
      .insert({
        ...campaignTaskResource.values(input, 'create'),
        workspace_id: workspaceId,
        campaign_id: campaign.id,
        created_by: userId,
        completed_at: completedAtFor(input.status, null) ?? null,
      })
      .returning([...campaignTaskResource.columns])
    response.status(201)
    return task
  }

  async show({ params }: HttpContext) {
    return this.#find(idParam(params, 'Campaign'), idParam(params, 'Task', 'taskId'))
  }

  async update({ params, request }: HttpContext) {
    assertCanWrite()
    const campaignId = idParam(params, 'Campaign')
    const taskId = idParam(params, 'Task', 'taskId')
    const input = await request.validateUsing(updateTaskValidator)
    const current = await this.#find(campaignId, taskId)
    const values: Record<string, unknown> = campaignTaskResource.values(input, 'update')
    const completedAt = completedAtFor(input.status, current.completed_at)
    if (completedAt !== undefined) values.completed_at = completedAt
    if (!Object.keys(values).length) return current
    const { trx } = tenant()
    const [task] = await trx
      .from('campaign_tasks')
      .where({ id: taskId, campaign_id: campaignId })
      .update(values)
      .returning([...campaignTaskResource.columns])
    return task
  }

  async destroy({ params, response }: HttpContext) {
    assertCanWrite()
    const campaignId = idParam(params, 'Campaign')
    const taskId = idParam(params, 'Task', 'taskId')
    const { trx } = tenant()
    const deleted = await trx
      .from('campaign_tasks')
      .where({ id: taskId, campaign_id: campaignId })
      .delete()
    if (!deleted) throw Problem.notFound('Task')
    response.status(204)
  }

  async #find(campaignId: string, taskId: string) {
    const { trx } = tenant()
    const task = await campaignTaskResource
      .query(trx)
      .where({ id: taskId, campaign_id: campaignId })
      .first()
    if (!task) throw Problem.notFound('Task')
    return task
  }
}
