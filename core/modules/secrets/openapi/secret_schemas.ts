import { defineSchema, pageOf } from '#sdk'

const uuid = { type: 'string', format: 'uuid' }
const nullableTimestamp = { type: ['string', 'null'], format: 'date-time' }

/** Metadata of a stored secret (the value itself is never returned). */
const Secret = defineSchema('Secret', {
  type: 'object',
  required: ['id', 'workspace_id', 'user_id', 'service_name', 'value_hint', 'is_active'],
  properties: {
    id: uuid,
    workspace_id: uuid,
    user_id: uuid,
    service_name: { type: 'string' },
    value_hint: {
      type: ['string', 'null'],
      description: 'Last 4 characters of values of 16 characters or more, else null',
    },
    is_active: { type: ['boolean', 'null'] },
    last_used_at: nullableTimestamp,
    metadata: { type: ['object', 'null'] },
    created_at: nullableTimestamp,
    updated_at: nullableTimestamp,
  },
})

/** One entry of the secret audit trail. */
const SecretAuditEntry = defineSchema('SecretAuditEntry', {
  type: 'object',
  required: ['id', 'service_name', 'operation', 'success', 'created_at'],
  properties: {
    id: uuid,
    workspace_id: uuid,
    user_id: { type: ['string', 'null'], format: 'uuid' },
    service_name: { type: 'string' },
    operation: {
      type: 'string',
      enum: ['create', 'read', 'update', 'delete', 'reveal', 'rotate'],
    },
    purpose: { type: ['string', 'null'], description: 'Why a value was revealed server-side' },
    ip_address: { type: ['string', 'null'] },
    user_agent: { type: ['string', 'null'] },
    success: { type: 'boolean' },
    error_message: { type: ['string', 'null'] },
    created_at: nullableTimestamp,
  },
})

/** OpenAPI schemas of the secrets vault routes. */
export const secretSchemas = {
  Secret,
  SecretAuditEntry,
  secretPage: pageOf('SecretPage', Secret),
  secretAuditPage: pageOf('SecretAuditPage', SecretAuditEntry),
}
