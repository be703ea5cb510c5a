import router from '@adonisjs/core/services/router'
import { privacySchemas as schemas } from './openapi/privacy_schemas.js'
import { pageQueryValidator, uuidParams } from '#sdk'
import {
  confirmDeletionValidator,
  createDeletionValidator,
  downloadQueryValidator,
  putPrivacySettingsValidator,
} from './validators/privacy_validator.js'

const SettingsController = () => import('./controllers/privacy_settings_controller.js')
const ExportsController = () => import('./controllers/privacy_exports_controller.js')
const DeletionsController = () => import('./controllers/privacy_deletions_controller.js')
const AuditController = () => import('./controllers/privacy_audit_controller.js')

const idParam = uuidParams()
const tag = 'Privacy'

/**
 * Privacy / GDPR: consent settings, data exports, account erasure and the
 * privacy audit trail, all private to the caller; plus the signed download
 * route of export archives (no bearer token, the signature authorises).
 */
export default function registerPrivacyRoutes() {
  router.group(() => {
    router.get('/privacy/settings', [SettingsController, 'show']).openapi({
      operationId: 'core.privacy_settings.show',
      summary: 'Your consent and retention settings in this workspace',
      tag,
      scope: 'privacy:read',
      responses: { 200: { description: 'The settings', schema: schemas.PrivacySettings } },
    })
    router.put('/privacy/settings', [SettingsController, 'update']).openapi({
      operationId: 'core.privacy_settings.put',
      summary: 'Update your consent and retention settings (fields left out are kept)',
      tag,
      scope: 'privacy:write',
      body: putPrivacySettingsValidator,
      responses: { 200: { description: 'Saved', schema: schemas.PrivacySettings } },
    })

    router.get('/privacy/exports', [ExportsController, 'index']).openapi({
      operationId: 'core.privacy_exports.list',
      summary: 'Your data export requests, newest first',
      tag,
      scope: 'privacy:read',
      query: pageQueryValidator,
      responses: { 200: { description: 'A page of requests', schema: schemas.exportPage } },
    })
    router.post('/privacy/exports', [ExportsController, 'store']).openapi({
      operationId: 'core.privacy_exports.create',
      summary: 'Ask for an archive of all your data (built by a job)',
      tag,
      scope: 'user',
      responses: {
        202: { description: 'Accepted: follow its status', schema: schemas.ExportRequest },
        409: { description: 'An export is already being prepared' },
      },
    })
    router.get('/privacy/exports/:id', [ExportsController, 'show']).openapi({
      operationId: 'core.privacy_exports.show',
      summary: 'Status, progress and download link of one export',
      tag,
      scope: 'privacy:read',
      params: idParam,
      responses: { 200: { description: 'The request', schema: schemas.ExportRequest } },
    })

    router.get('/privacy/deletions', [DeletionsController, 'index']).openapi({
      operationId: 'core.privacy_deletions.list',
      summary: 'Your account deletion requests, newest first',
      tag,
      scope: 'privacy:read',
      query: pageQueryValidator,
      responses: { 200: { description: 'A page of requests', schema: schemas.deletionPage } },
    })
    router.post('/privacy/deletions', [DeletionsController, 'store']).openapi({
      operationId: 'core.privacy_deletions.create',
      summary: 'Ask for your account and data to be erased (returns a confirmation token)',
      tag,
      scope: 'user',
      body: createDeletionValidator,
      responses: {
        201: { description: 'Awaiting confirmation', schema: schemas.createdDeletion },
        409: { description: 'Sole owner of a shared workspace, or a deletion under way' },
      },
    })
    router.get('/privacy/deletions/:id', [DeletionsController, 'show']).openapi({
      operationId: 'core.privacy_deletions.show',
      summary: 'Status and outcome of one deletion request',
      tag,
      scope: 'privacy:read',
      params: idParam,
      responses: { 200: { description: 'The request', schema: schemas.DeletionRequest } },
    })
    router.post('/privacy/deletions/:id/confirm', [DeletionsController, 'confirm']).openapi({
      operationId: 'core.privacy_deletions.confirm',
      summary: 'Confirm a deletion with its token and your password; the erasure starts',
      tag,
      scope: 'user',
      params: idParam,
      body: confirmDeletionValidator,
      responses: {
        202: {
          description: 'Confirmed: the erasure job is queued',
          schema: schemas.DeletionRequest,
        },
        409: { description: 'Not awaiting confirmation' },
        410: { description: 'The confirmation window has closed' },
      },
    })

    router.get('/privacy/audit', [AuditController, 'index']).openapi({
      operationId: 'core.privacy_audit.list',
      summary: 'Your privacy audit trail in this workspace, newest first',
      tag,
      scope: 'privacy:read',
      query: pageQueryValidator,
      responses: { 200: { description: 'A page of entries', schema: schemas.auditPage } },
    })
  })

  router.get('/privacy/exports/:id/download', [ExportsController, 'download']).openapi({
    operationId: 'core.privacy_exports.download',
    summary: 'Download an export archive through its signed link',
    description:
      'The link comes from the export request (`download_url`). No bearer token: the HMAC signature authorises it until it expires.',
    tag,
    auth: 'none',
    params: idParam,
    query: downloadQueryValidator,
    responses: {
      200: { description: 'The zip archive (application/zip)' },
      403: { description: 'Forged or edited link' },
      410: { description: 'Expired link or archive' },
    },
  })
}
