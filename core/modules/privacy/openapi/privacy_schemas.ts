import { defineSchema, pageOf } from '#sdk'
import { privacyAuditResource } from '../services/privacy_audit_resource.js'
import { privacyDeletionResource } from '../services/privacy_deletion_resource.js'
import { privacyExportResource } from '../services/privacy_export_resource.js'
import { privacySettingsResource } from '../services/privacy_settings_resource.js'

const PrivacySettings = privacySettingsResource.schema
const ExportRequest = privacyExportResource.schema
const DeletionRequest = privacyDeletionResource.schema
const AuditEntry = privacyAuditResource.schema

/** Response schemas of the privacy routes (OpenAPI components). */
export const privacySchemas = {
  PrivacySettings,
  ExportRequest,
  DeletionRequest,
  AuditEntry,
  exportPage: pageOf('PrivacyExportRequestPage', ExportRequest),
  deletionPage: pageOf('PrivacyDeletionRequestPage', DeletionRequest),
  auditPage: pageOf('PrivacyAuditPage', AuditEntry),
  createdDeletion: defineSchema('CreatedPrivacyDeletionRequest', {
    type: 'object',
    required: ['deletion_request', 'confirmation_token'],
    properties: {
      deletion_request: DeletionRequest,
      confirmation_token: {
        type: 'string',
        description: 'Shown once: confirm with it and your password before confirmation_expires_at',
      },
    },
  }),
}
