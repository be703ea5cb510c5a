import { defineSchema, pageOf, secretResource } from '#sdk'

const uuid = { type: 'string', format: 'uuid' }
const nullableTimestamp = { type: ['string', 'null'], format: 'date-time' }

/** Metadata of a stored secret (the value itself is never returned). */
const Secret = secretResource.schema

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
