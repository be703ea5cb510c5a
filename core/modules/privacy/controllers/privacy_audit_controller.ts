import type { HttpContext } from '@adonisjs/core/http'
import { keysetPage, NEWEST_FIRST, pageQueryValidator } from '#sdk'
import { privacyAuditResource } from '../services/privacy_audit_resource.js'

/** The caller's own privacy audit trail in the current workspace (newest first). */
export default class PrivacyAuditController {
  async index({ request }: HttpContext) {
    const query = await pageQueryValidator.validate(request.qs())
    return keysetPage(privacyAuditResource.query(), {
      ...query,
      ...NEWEST_FIRST,
    })
  }
}
