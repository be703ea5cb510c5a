import type { HttpContext } from '@adonisjs/core/http'
import { NEWEST_FIRST, Problem, idParam, keysetPage, pageQueryValidator, tenant } from '#sdk'
import { createSegmentValidator, updateSegmentValidator } from '../validators/email_validator.js'
import { segmentResource, type SegmentRow } from '../services/segment_resource.js'
import { contactResource } from '../services/contact_resource.js'
import { applySegment, type SegmentConditions } from '../services/segment_query.js'

async function findSegmentOrFail(id: string) {
  const segment = await segmentResource.query(tenant().trx).where('id', id).first()
  if (!segment) throw Problem.notFound('Segment')
  return segment as SegmentRow
}

/** Segments: conditions on contacts, evaluated in SQL; their members and count. */
export default class EmailSegmentsController {
  async index({ request }: HttpContext) {
    const query = await pageQueryValidator.validate(request.qs())
    return keysetPage(segmentResource.query(tenant().trx), { ...query, ...NEWEST_FIRST })
  }

  async store({ request, response }: HttpContext) {
    const input = await request.validateUsing(createSegmentValidator)
    const { trx, workspaceId, userId } = tenant()
    const [row] = await trx
      .insertQuery()
      .table('email_segments')
      .insert({
        name: input.name,
        conditions: JSON.stringify(input.conditions),
        workspace_id: workspaceId,
        created_by: userId,
      })
      .returning(['id'])
    response.status(201)
    return findSegmentOrFail(row.id)
  }

  async show({ params }: HttpContext) {
    return findSegmentOrFail(idParam(params, 'Segment'))
  }

  async update({ params, request }: HttpContext) {
    const id = idParam(params, 'Segment')
    const input = await request.validateUsing(updateSegmentValidator)
    await findSegmentOrFail(id)
    const patch: Record<string, unknown> = {}
    if (input.name) patch.name = input.name
    if (input.conditions) patch.conditions = JSON.stringify(input.conditions)
    if (Object.keys(patch).length)
      await tenant().trx.from('email_segments').where('id', id).update(patch)
    return findSegmentOrFail(id)
  }

  async destroy({ params, response }: HttpContext) {
    const id = idParam(params, 'Segment')
    await findSegmentOrFail(id)
    if (await tenant().trx.from('email_campaigns').where('segment_id', id).first())
      throw Problem.conflict('Campaigns use this segment')
    await tenant().trx.from('email_segments').where('id', id).delete()
    response.status(204)
  }

  /** The subscribed contacts a campaign to this segment would reach now, with their count. */
  async contacts({ params, request }: HttpContext) {
    const segment = await findSegmentOrFail(idParam(params, 'Segment'))
    const query = await pageQueryValidator.validate(request.qs())
    const { trx } = tenant()
    const conditions = segment.conditions as SegmentConditions
    const reachable = <T extends ReturnType<typeof trx.from>>(builder: T) =>
      applySegment(builder, conditions, 'email_contacts')
        .where('email_contacts.subscription_status', 'subscribed')
        .whereNotExists((sub) =>
          sub
            .from('email_suppressions as x')
            .whereRaw(
              'x.workspace_id = email_contacts.workspace_id and lower(x.email) = lower(email_contacts.email)'
            )
        )
    const counted = await reachable(trx.from('email_contacts')).count('* as total').first()
    const page = await keysetPage(reachable(contactResource.query(trx)), {
      ...query,
      ...NEWEST_FIRST,
    })
    return { ...page, total: Number(counted?.total ?? 0) }
  }
}
