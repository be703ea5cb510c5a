import type { HttpContext } from '@adonisjs/core/http'
import {
  Problem,
  tenant,
  withService,
  enqueue,
  workspaceStorage,
  idParam,
  checkSignedLink,
} from '#sdk'
import { writePrivacyAudit } from '../services/privacy_audit.js'
import { auditPrivacyAction, privacyRequestActions } from '../services/privacy_requests.js'
import { EXPORT_DOWNLOAD_LINK } from '../services/download_signature.js'
import { privacyExportResource } from '../services/privacy_export_resource.js'

/** List and show, shared with the other privacy request table. */
const requests = privacyRequestActions(privacyExportResource, 'Export request')

/**
 * Data exports (GDPR right of access and portability): the caller asks for one,
 * a job builds the archive, the request shows progress and then a signed,
 * expiring download link. Requests are private to their user and workspace.
 */
export default class PrivacyExportsController {
  index = requests.index
  show = requests.show

  /** Creates the request and enqueues its job in the same transaction (202). */
  async store({ request, response }: HttpContext) {
    const { trx, workspaceId, userId } = tenant()
    const open = await trx
      .from('data_export_requests')
      .whereIn('status', ['pending', 'processing'])
      .first()
    if (open) throw Problem.conflict(`Export ${open.request_id} is still being prepared`)
    const [row] = await trx
      .insertQuery()
      .table('data_export_requests')
      .insert({ workspace_id: workspaceId, user_id: userId })
      .returning([...privacyExportResource.columns])
    await enqueue(
      'core/privacy_export',
      { request_id: row.id },
      { jobKey: `privacy_export:${row.id}`, maxAttempts: 3 }
    )
    await auditPrivacyAction(request, 'export.requested', { request_id: row.request_id })
    response.status(202)
    return row
  }

  /**
   * The archive, for whoever holds the signed link (no bearer token: links
   * are meant to be opened in a browser). A forged or edited link answers 403,
   * an expired one 410. Looks the request up as app_service: the signature is
   * the authorisation, and each download is audited.
   */
  async download({ params, request, response }: HttpContext) {
    const id = idParam(params)
    const check = checkSignedLink(
      EXPORT_DOWNLOAD_LINK,
      id,
      request.qs().expires,
      request.qs().signature
    )
    if (check === 'tampered') throw Problem.forbidden('The download link is not valid')
    if (check === 'expired') throw linkExpired()
    const row = await withService(async ({ trx }) => {
      const found = await trx
        .from('data_export_requests')
        .select('workspace_id', 'user_id', 'request_id', 'status', 'storage_key')
        .where('id', id)
        .first()
      if (found?.status === 'completed' && found.storage_key) {
        await writePrivacyAudit(trx, {
          workspaceId: found.workspace_id,
          userId: found.user_id,
          eventType: 'export.downloaded',
          details: { request_id: found.request_id },
          ipAddress: request.ip(),
          userAgent: request.header('user-agent'),
        })
      }
      return found
    })
    if (!row) throw Problem.notFound('Export')
    if (row.status !== 'completed' || !row.storage_key) throw linkExpired()
    const storage = workspaceStorage(row.workspace_id)
    if (!(await storage.exists(row.storage_key))) throw linkExpired()
    response.header('Content-Type', 'application/zip')
    response.header('Content-Disposition', `attachment; filename="${row.request_id}.zip"`)
    response.header('Cache-Control', 'private, no-store')
    response.stream(await storage.getStream(row.storage_key))
  }
}

function linkExpired() {
  return new Problem(410, 'link-expired', 'Gone', 'The download link has expired')
}
