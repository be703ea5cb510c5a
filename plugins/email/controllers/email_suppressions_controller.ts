import type { HttpContext } from '@adonisjs/core/http'
import {
  NEWEST_FIRST,
  Problem,
  idParam,
  keysetPage,
  pageQueryValidator,
  rawQuery,
  requireCurrentRole,
  tenant,
} from '#sdk'
import { createSuppressionValidator } from '../validators/email_validator.js'
import { suppressionResource } from '../services/suppression_resource.js'

/** The suppression list: addresses never sent to again. */
export default class EmailSuppressionsController {
  async index({ request }: HttpContext) {
    const query = await pageQueryValidator.validate(request.qs())
    return keysetPage(suppressionResource.query(tenant().trx), { ...query, ...NEWEST_FIRST })
  }

  /** Adds an address by hand; its contact (if any) is marked unsubscribed. */
  async store({ request, response }: HttpContext) {
    const input = await request.validateUsing(createSuppressionValidator)
    const { trx, workspaceId, userId } = tenant()
    const inserted = await rawQuery(
      trx,
      `insert into email_suppressions (workspace_id, email, reason, created_by)
       values (?, lower(?), 'manual', ?)
       on conflict (workspace_id, lower(email)) do nothing returning id`,
      [workspaceId, input.email, userId]
    )
    if (!inserted.rows.length) throw Problem.conflict('This address is already suppressed')
    await rawQuery(
      trx,
      `update email_contacts set subscription_status = 'unsubscribed', unsubscribed_at = coalesce(unsubscribed_at, now())
       where lower(email) = lower(?) and subscription_status in ('pending', 'subscribed')`,
      [input.email]
    )
    response.status(201)
    return suppressionResource.query(trx).where('id', inserted.rows[0].id).first()
  }

  /**
   * Removes an address from the list (admins: it may receive mail again, after a new opt-in).
   */
  async destroy({ params, response }: HttpContext) {
    const id = idParam(params, 'Suppression')
    const { trx } = tenant()
    requireCurrentRole('admin')
    const deleted = await trx.from('email_suppressions').where('id', id).delete()
    if (!deleted) throw Problem.notFound('Suppression')
    response.status(204)
  }
}
