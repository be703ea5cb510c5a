import type { HttpContext } from '@adonisjs/core/http'
import {
  Problem,
  keysetPage,
  NEWEST_FIRST,
  tenant,
  pageQueryValidator,
  idParam,
  type Resource,
} from '#sdk'
import { writePrivacyAudit } from './privacy_audit.js'

/**
 * The list and show actions the privacy request tables (data_export_requests,
 * data_deletion_requests) answer alike: the caller's own requests, newest
 * first, with only the resource's columns. RLS keeps them private to their user and
 * workspace; another's request answers 404.
 */
export function privacyRequestActions(resource: Resource<any>, label: string) {
  return {
    async index({ request }: HttpContext) {
      const query = await pageQueryValidator.validate(request.qs())
      return keysetPage(resource.query(), {
        ...query,
        ...NEWEST_FIRST,
      })
    },

    async show({ params }: HttpContext) {
      const id = idParam(params)
      const row = await resource.query().where('id', id).first()
      if (!row) throw Problem.notFound(label)
      return row
    },
  }
}

/**
 * Audits a privacy action of the requesting user in the request's transaction
 * (so the entry commits with the change), with the caller's IP and user agent.
 */
export function auditPrivacyAction(
  request: HttpContext['request'],
  eventType: string,
  details: Record<string, unknown>
) {
  const { trx, workspaceId, userId } = tenant()
  return writePrivacyAudit(trx, {
    workspaceId: workspaceId!,
    userId: userId!,
    eventType,
    details,
    ipAddress: request.ip(),
    userAgent: request.header('user-agent'),
  })
}
