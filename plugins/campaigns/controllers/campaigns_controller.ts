import type { HttpContext } from '@adonisjs/core/http'
import { keysetPage, NEWEST_FIRST, Problem, tenant, idParam } from '#sdk'
import {
  createCampaignValidator,
  listCampaignsValidator,
  updateCampaignValidator,
} from '../validators/campaign_validator.js'
import {
  assertCanWrite,
  CAMPAIGN_TRANSITIONS,
  checkCampaignRules,
  duplicateNameProblem,
  findCampaign,
  invalidTransition,
  onStatusChanged,
  type CampaignStatus,
} from '../services/campaign_service.js'
import { campaignResource } from '../services/campaign_resource.js'

/** Escapes LIKE wildcards so a search for "50%" finds the literal text. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`

/** Runs a write that may hit the per-workspace unique name, reporting that as a clear 409. */
async function uniqueName<T>(name: string | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write()
  } catch (error) {
    duplicateNameProblem(error, name)
  }
}
/**
 * Campaigns of the current workspace (RLS): list with filters and name
 * search, create, read, update with the status lifecycle, delete.
 */
export default class CampaignsController {
  /** A page of campaigns, newest first, filtered. */
  async index({ request }: HttpContext) {
    const filters = await listCampaignsValidator.validate(request.qs())
    const { trx } = tenant()
    const query = campaignResource.query(trx)
    if (filters.status) query.where('status', filters.status)
    if (filters.type) query.where('type', filters.type)
    if (filters.auto_managed) query.where('auto_managed', filters.auto_managed === 'true')
    if (filters.channel) {
      query.where((builder) =>
        builder
          .where('channel', filters.channel!)
          .orWhereRaw('channels @> ?::jsonb', [JSON.stringify([filters.channel])])
      )
    }
    if (filters.from && filters.to && Date.parse(filters.from) > Date.parse(filters.to)) {
      throw Problem.invalidField('to', 'to must not be before from', 'after')
    }
    if (filters.from) {
      query.where((builder) =>
        builder.whereNull('end_date').orWhere('end_date', '>=', filters.from!)
      )
    }
    if (filters.to) {
      query.where((builder) =>
        builder.whereNull('start_date').orWhere('start_date', '<=', filters.to!)
      )
    }
    if (filters.q) query.whereRaw("name ilike ? escape '\\'", [likePattern(filters.q)])
    return keysetPage(query, {
      limit: filters.limit,
      cursor: filters.cursor,
      ...NEWEST_FIRST,
    })
  }

  /** Creates a campaign (draft unless `status: "active"`); 409 when the name is taken. */
  async store({ request, response }: HttpContext) {
    assertCanWrite()
    const input = await request.validateUsing(createCampaignValidator)
    checkCampaignRules(
      {
        total_budget: input.total_budget ?? 0,
        budget_spent: input.budget_spent ?? 0,
        start_date: input.start_date ?? null,
        end_date: input.end_date ?? null,
      },
      input.allow_overspend === true
    )
    const { trx, workspaceId, userId } = tenant()
    const [inserted] = await uniqueName(input.name, () =>
      trx
        .insertQuery()
        .table('campaigns')
        .insert({
          ...campaignResource.values(input, 'create'),
          workspace_id: workspaceId,
          created_by: userId,
        })
        .returning('id')
    )
    const campaign = await findCampaign(inserted.id)
    if (campaign.status !== 'draft') await onStatusChanged(campaign, 'draft', campaign.status)
    response.status(201)
    return campaign
  }

  async show({ params }: HttpContext) {
    return findCampaign(idParam(params, 'Campaign'))
  }

  /**
   * Updates fields and/or moves the status. The row is locked first, so two
   * concurrent transitions cannot both pass the lifecycle check.
   */
  async update({ params, request }: HttpContext) {
    assertCanWrite()
    const id = idParam(params, 'Campaign')
    const input = await request.validateUsing(updateCampaignValidator)
    const current = await findCampaign(id, { forUpdate: true })
    const from = current.status
    const to = (input.status ?? from) as CampaignStatus
    if (to !== from && !CAMPAIGN_TRANSITIONS[from].includes(to)) throw invalidTransition(from, to)
    checkCampaignRules(
      {
        total_budget: input.total_budget ?? current.total_budget,
        budget_spent: input.budget_spent ?? current.budget_spent,
        start_date: input.start_date === undefined ? current.start_date : input.start_date,
        end_date: input.end_date === undefined ? current.end_date : input.end_date,
      },
      // An overspend already recorded with the override stays allowed until a
      // budget field changes again (status and other edits must not be refused).
      input.allow_overspend === true ||
        (input.total_budget === undefined && input.budget_spent === undefined)
    )
    const values = campaignResource.values(input, 'update')
    if (!Object.keys(values).length) return current
    const { trx } = tenant()
    await uniqueName(input.name, () => trx.from('campaigns').where('id', id).update(values))
    const campaign = await findCampaign(id)
    if (to !== from) await onStatusChanged(campaign, from, to)
    return campaign
  }

  /** Deletes a campaign with its tasks, metrics, predictions and content (cascade). */
  async destroy({ params, response }: HttpContext) {
    assertCanWrite()
    const id = idParam(params, 'Campaign')
    const { trx } = tenant()
    const deleted = await trx.from('campaigns').where('id', id).delete()
    if (!deleted) throw Problem.notFound('Campaign')
    response.status(204)
  }
}
