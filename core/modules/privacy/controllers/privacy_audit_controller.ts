import type { HttpContext } from '@adonisjs/core/http'
import { keysetPage, NEWEST_FIRST, tenant, pageQueryValidator } from '#sdk'

/** The caller's own privacy audit trail in the current workspace (newest first). */
export default class PrivacyAuditController {
  async index({ request }: HttpContext) {
    const query = await pageQueryValidator.validate(request.qs())
    return keysetPage(
      tenant()
        .trx.from('privacy_audit_log')
        .select(
          'id',
          'workspace_id',
          'user_id',
          'event_type',
          'details',
          'ip_address',
          'user_agent',
          'timestamp'
        ),
      {
        ...query,
        ...NEWEST_FIRST,
      }
    )
  }
}
