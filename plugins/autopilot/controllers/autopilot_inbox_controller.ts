import type { HttpContext } from '@adonisjs/core/http'
import { Problem, idParam, keysetPage, NEWEST_FIRST, requireCurrentRole, tenant } from '#sdk'
import { listInboxValidator, updateInboxValidator } from '../validators/autopilot_validator.js'
import { INBOX_STATUSES, inboxResource } from '../services/inbox_resource.js'

/** The lead inbox the daily run fills: list, read, and move a lead along its status flow. */
export default class AutopilotInboxController {
  /** A page of inbox leads, newest first, by status and priority. */
  async index({ request }: HttpContext) {
    const filters = await listInboxValidator.validate(request.qs())
    const query = inboxResource.query()
    if (filters.status) query.where('status', filters.status)
    if (filters.priority) query.where('priority', filters.priority)
    return keysetPage(query, { limit: filters.limit, cursor: filters.cursor, ...NEWEST_FIRST })
  }

  /** One inbox lead. */
  async show({ params }: HttpContext) {
    const row = await inboxResource.query().where('id', idParam(params, 'Inbox lead')).first()
    if (!row) throw Problem.notFound('Inbox lead')
    return row
  }

  /**
   * Moves a lead forward (new → contacted → qualified → converted; a step may
   * be skipped, never reversed: 409) and/or sets its notes. Needs the member role.
   */
  async update({ params, request }: HttpContext) {
    const id = idParam(params, 'Inbox lead')
    requireCurrentRole('member')
    const input = await request.validateUsing(updateInboxValidator)
    const current = await inboxResource.query().where('id', id).forUpdate().first()
    if (!current) throw Problem.notFound('Inbox lead')
    if (
      input.status &&
      INBOX_STATUSES.indexOf(input.status) < INBOX_STATUSES.indexOf(current.status)
    ) {
      throw Problem.conflict(
        `An inbox lead moves forward only (new → contacted → qualified → converted): it is ${current.status}`
      )
    }
    const values = inboxResource.values(input, 'update')
    if (Object.keys(values).length) {
      await tenant().trx.from('autopilot_lead_inbox').where('id', id).update(values)
    }
    return (await inboxResource.query().where('id', id).first())!
  }
}
