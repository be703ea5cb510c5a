import type { HttpContext } from '@adonisjs/core/http'
import { NEWEST_FIRST, Problem, idParam, keysetPage, pageQueryValidator, tenant } from '#sdk'
import { createCampaignValidator, updateCampaignValidator } from '../validators/email_validator.js'
import { campaignResource } from '../services/campaign_resource.js'
import {
  checkCampaignRefs,
  findCampaignOrFail,
  startCampaign,
} from '../services/campaign_service.js'

/** Campaigns: a template sent to a segment, once per recipient, with statistics. */
export default class EmailCampaignsController {
  async index({ request }: HttpContext) {
    const query = await pageQueryValidator.validate(request.qs())
    return keysetPage(campaignResource.query(tenant().trx, 'email_campaigns'), {
      ...query,
      ...NEWEST_FIRST,
    })
  }

  async store({ request, response }: HttpContext) {
    const input = await request.validateUsing(createCampaignValidator)
    await checkCampaignRefs(input)
    const { trx, workspaceId, userId } = tenant()
    const [row] = await trx
      .insertQuery()
      .table('email_campaigns')
      .insert({
        ...campaignResource.values(input, 'create'),
        metadata: JSON.stringify(input.metadata ?? {}),
        workspace_id: workspaceId,
        created_by: userId,
      })
      .returning(['id'])
    response.status(201)
    return findCampaignOrFail(row.id)
  }

  async show({ params }: HttpContext) {
    return findCampaignOrFail(idParam(params, 'Campaign'))
  }

  async update({ params, request }: HttpContext) {
    const id = idParam(params, 'Campaign')
    const input = await request.validateUsing(updateCampaignValidator)
    const campaign = await findCampaignOrFail(id)
    if (campaign.status !== 'draft') throw Problem.conflict('Only a draft can be changed')
    await checkCampaignRefs(input)
    const patch: Record<string, unknown> = campaignResource.values(input, 'update')
    if (input.metadata) patch.metadata = JSON.stringify(input.metadata)
    if (Object.keys(patch).length)
      await tenant().trx.from('email_campaigns').where('id', id).update(patch)
    return findCampaignOrFail(id)
  }

  async destroy({ params, response }: HttpContext) {
    const id = idParam(params, 'Campaign')
    const campaign = await findCampaignOrFail(id)
    if (campaign.status === 'sending')
      throw Problem.conflict('A campaign that is sending cannot be deleted')
    await tenant().trx.from('email_campaigns').where('id', id).delete()
    response.status(204)
  }

  /** Sends the campaign (or schedules it for `scheduled_for`). */
  async send({ params, response }: HttpContext) {
    const campaign = await startCampaign(idParam(params, 'Campaign'))
    response.status(202)
    return campaign
  }
}
