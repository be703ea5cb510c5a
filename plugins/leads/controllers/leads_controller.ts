import type { HttpContext } from '@adonisjs/core/http'
import { keysetPage, tenant, Problem, idParam } from '#sdk'
import {
  createLeadValidator,
  listLeadsValidator,
  updateLeadValidator,
} from '../validators/lead_validator.js'
import { findLeadOrFail } from '../services/lead_writer.js'
import { leadResource, type LeadRow } from '../services/lead_resource.js'
import { applyLeadFilters } from '../services/lead_query.js'
import { rescoreLeads } from '../services/scoring_service.js'
import { emitLeadChanges } from '../services/lead_events.js'
/**
 * The leads of the current workspace: list with filters, search and cursor
 * pagination; create, read, update and delete. Writes rescore the lead in the
 * same transaction and emit webhook events.
 */
export default class LeadsController {
  async index({ request }: HttpContext) {
    const query = await listLeadsValidator.validate(request.qs())
    const { trx, workspaceId } = tenant()
    const builder = applyLeadFilters(leadResource.query(trx), workspaceId!, query)
    return keysetPage(builder, {
      limit: query.limit,
      cursor: query.cursor,
      keys:
        query.sort === 'score'
          ? [
              { column: 'lead_score', cast: 'bigint' },
              { column: 'id', cast: 'uuid' },
            ]
          : [
              { column: 'created_at', cast: 'timestamptz' },
              { column: 'id', cast: 'uuid' },
            ],
      direction: 'desc',
    })
  }

  async store({ request, response }: HttpContext) {
    const input = await request.validateUsing(createLeadValidator)
    const { trx, workspaceId, userId } = tenant()
    const [inserted] = await trx
      .insertQuery()
      .table('leads')
      .insert({
        ...leadResource.values(input, 'create'),
        workspace_id: workspaceId,
        created_by: userId,
        consent_recorded_at: input.marketing_consent === undefined ? null : new Date(),
      })
      .returning(['id'])
    const { changes } = await rescoreLeads([inserted.id])
    const lead = await findLeadOrFail(inserted.id)
    await emitLeadChanges({ lead, created: true, scoreChanges: changes })
    response.status(201)
    return lead
  }

  async show({ params }: HttpContext) {
    return findLeadOrFail(idParam(params, 'Lead'))
  }

  async update({ params, request }: HttpContext) {
    const id = idParam(params, 'Lead')
    const input = await request.validateUsing(updateLeadValidator)
    const before = await findLeadOrFail(id)
    const patch: Record<string, unknown> = leadResource.values(input, 'update')
    if (input.marketing_consent !== undefined) patch.consent_recorded_at = new Date()
    if (Object.keys(patch).length === 0) return before
    const { trx, workspaceId } = tenant()
    await trx.from('leads').where({ id, workspace_id: workspaceId! }).update(patch)
    const { changes } = await rescoreLeads([id])
    const lead: LeadRow = await findLeadOrFail(id)
    await emitLeadChanges({
      lead,
      created: false,
      previousStatus: before.status,
      scoreChanges: changes,
    })
    return lead
  }

  async destroy({ params, response }: HttpContext) {
    const id = idParam(params, 'Lead')
    const { trx, workspaceId } = tenant()
    const deleted = await trx.from('leads').where({ id, workspace_id: workspaceId! }).delete()
    if (!Number(deleted)) throw Problem.notFound('Lead')
    response.status(204)
  }
}
