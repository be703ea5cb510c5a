import vine from '@vinejs/vine'
import { pageQuery } from '#sdk'

/** Service names: free-form lower-case identifiers, e.g. `openai`, `hubspot.private_app`. */
export const SERVICE_NAME_PATTERN = /^[a-z][a-z0-9_.-]{0,63}$/

/** The `:service_name` path parameter of secret routes. */
export const serviceNameParam = vine.create({
  service_name: vine.string().regex(SERVICE_NAME_PATTERN),
})

/** Body of PUT /v1/secrets/:service_name (the value is write-only). */
export const putSecretValidator = vine.create({
  value: vine.string().minLength(1).maxLength(8192),
  metadata: vine.record(vine.any()).optional(),
  is_active: vine.boolean().optional(),
})

/** Query of GET /v1/secrets/audit. */
export const secretAuditQueryValidator = vine.create({
  ...pageQuery,
  service_name: vine.string().regex(SERVICE_NAME_PATTERN).optional(),
  operation: vine
    .enum(['create', 'read', 'update', 'delete', 'reveal', 'rotate'] as const)
    .optional(),
})
