import type { HttpContext } from '@adonisjs/core/http'
import { keysetPage, Problem, tenant, idParam } from '#sdk'
import {
  createActivityValidator,
  listActivitiesValidator,
} from '../validators/lead_activity_validator.js'
import { addActivity, findLeadOrFail } from '../services/lead_writer.js'
import { rescoreLeads } from '../services/scoring_service.js'
import { emitScoreChanges } from '../services/lead_events.js'
import { parseClientDate } from '../services/dates.js'
import { leadActivityResource } from '../services/lead_activity_resource.js'

/** Furthest an activity may lie in the future (clock skew of the systems that report them). */
const MAX_FUTURE_MS = 24 * 3600 * 1000

/**
 * The activities of one lead (e-mail opens, form fills, calls...): a page,
 * newest first, and adding one, which rescores the lead.
 */
export default class LeadActivitiesController {
  async index({ params, request }: HttpContext) {
    const id = idParam(params, 'Lead')
    const query = await listActivitiesValidator.validate(request.qs())
    await findLeadOrFail(id)
    const { trx, workspaceId } = tenant()
    const builder = leadActivityResource
      .query(trx)
      .where({ workspace_id: workspaceId!, lead_id: id })
    if (query.activity_type) builder.where('activity_type', query.activity_type)
    return keysetPage(builder, {
      limit: query.limit,
      cursor: query.cursor,
      keys: [
        { column: 'occurred_at', cast: 'timestamptz' },
        { column: 'id', cast: 'uuid' },
      ],
      direction: 'desc',
    })
  }

  async store({ params, request, response }: HttpContext) {
    const id = idParam(params, 'Lead')
    const input = await request.validateUsing(createActivityValidator)
    await findLeadOrFail(id)
    let occurredAt: Date | undefined
    if (input.occurred_at) {
      occurredAt = parseClientDate(input.occurred_at) ?? undefined
      if (!occurredAt) {
        throw Problem.invalidField('occurred_at', 'occurred_at is not a valid date')
      }
      if (occurredAt.getTime() > Date.now() + MAX_FUTURE_MS) {
        throw Problem.invalidField('occurred_at', 'occurred_at lies in the future', 'before')
      }
    }
    const activity = await addActivity(id, {
      type: input.activity_type,
      data: input.activity_data,
      occurred_at: occurredAt,
    })
    const { changes } = await rescoreLeads([id])
    await emitScoreChanges(changes)
    response.status(201)
    return activity
  }
}
