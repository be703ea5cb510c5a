import type { HttpContext } from '@adonisjs/core/http'
import { keysetPage } from '#core/http/pagination'
import { tenant } from '#core/tenancy/tenant_context'
import { pageQueryValidator } from '#validators/common_validator'

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
        keys: [
          { column: 'created_at', cast: 'timestamptz' },
          { column: 'id', cast: 'uuid' },
        ],
        direction: 'desc',
      }
    )
  }
}
