import { defineSchema, pageOf } from '#sdk'

const uuid = { type: 'string', format: 'uuid' }
const timestamp = { type: ['string', 'null'], format: 'date-time' }

const PrivacySettings = defineSchema('PrivacySettings', {
  type: 'object',
  required: [
    'workspace_id',
    'user_id',
    'data_processing_consent',
    'marketing_consent',
    'analytics_consent',
    'third_party_consent',
    'data_retention_days',
    'right_to_be_deleted_requested',
  ],
  properties: {
    id: { type: ['string', 'null'], format: 'uuid', description: 'Null until first saved' },
    workspace_id: uuid,
    user_id: uuid,
    data_processing_consent: { type: 'boolean' },
    marketing_consent: { type: 'boolean' },
    analytics_consent: { type: 'boolean' },
    third_party_consent: { type: 'boolean' },
    data_retention_days: {
      type: ['integer', 'null'],
      description: 'Retention-eligible data older than this is purged daily; null keeps it',
    },
    right_to_be_deleted_requested: { type: 'boolean' },
    created_at: timestamp,
    updated_at: timestamp,
  },
})

const ExportRequest = defineSchema('PrivacyExportRequest', {
  type: 'object',
  required: ['id', 'request_id', 'workspace_id', 'user_id', 'status', 'progress', 'requested_at'],
  properties: {
    id: uuid,
    request_id: { type: 'string', description: 'Human-readable reference' },
    workspace_id: uuid,
    user_id: uuid,
    status: { type: 'string', enum: ['pending', 'processing', 'completed', 'failed', 'expired'] },
    progress: { type: 'integer', minimum: 0, maximum: 100 },
    requested_at: timestamp,
    completed_at: timestamp,
    download_url: {
      type: ['string', 'null'],
      description: 'Signed link to the zip archive, valid until expires_at (no token needed)',
    },
    expires_at: timestamp,
    archive_bytes: { type: ['integer', 'string', 'null'] },
    summary: { type: 'object' },
    error: { type: ['string', 'null'] },
    created_at: timestamp,
  },
})

const DeletionRequest = defineSchema('PrivacyDeletionRequest', {
  type: 'object',
  required: ['id', 'request_id', 'workspace_id', 'user_id', 'status', 'requested_at'],
  properties: {
    id: uuid,
    request_id: { type: 'string' },
    workspace_id: uuid,
    user_id: uuid,
    status: {
      type: 'string',
      enum: ['awaiting_confirmation', 'pending', 'processing', 'completed', 'failed', 'expired'],
    },
    requested_at: timestamp,
    completed_at: timestamp,
    confirmation_required: { type: ['boolean', 'null'] },
    confirmation_expires_at: timestamp,
    confirmed_at: timestamp,
    reason: { type: ['string', 'null'] },
    summary: { type: 'object' },
    error: { type: ['string', 'null'] },
    created_at: timestamp,
  },
})

const AuditEntry = defineSchema('PrivacyAuditEntry', {
  type: 'object',
  required: ['id', 'event_type', 'details', 'timestamp'],
  properties: {
    id: uuid,
    workspace_id: uuid,
    user_id: uuid,
    event_type: { type: 'string' },
    details: { type: 'object' },
    ip_address: { type: ['string', 'null'] },
    user_agent: { type: ['string', 'null'] },
    timestamp: timestamp,
  },
})

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
