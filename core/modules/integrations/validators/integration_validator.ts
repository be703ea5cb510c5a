import vine from '@vinejs/vine'
import { pageQuery } from '#sdk'

/** Characters of one OAuth scope token (RFC 6749 §3.3). */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]{1,200}$/
/** Service and provider names, as the tables' CHECK constraints allow them. */
const SERVICE_NAME = /^[a-z][a-z0-9_-]{0,63}$/
/** An ISO 8601 date-time with a time zone. */
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/

/** The `:provider` path parameter; other values are simply not found. */
export const providerParam = vine.create({ provider: vine.string().regex(SERVICE_NAME) })

/** Body of POST /v1/integrations/oauth/:provider/authorize. */
export const authorizeOAuthValidator = vine.create({
  scopes: vine
    .array(vine.string().regex(SCOPE_TOKEN))
    .minLength(1)
    .maxLength(50)
    .distinct()
    .optional(),
  return_to: vine.string().maxLength(2000).optional(),
})

/** Query of GET /v1/integrations/oauth/connections. */
export const oauthConnectionsQueryValidator = vine.create({
  ...pageQuery,
  platform_name: vine.string().regex(SERVICE_NAME).optional(),
  kind: vine.enum(['social', 'integration'] as const).optional(),
})

const connectionStatus = vine.enum(['connected', 'disconnected', 'error', 'pending'] as const)
const syncStatus = vine.enum(['idle', 'syncing', 'error', 'success'] as const)
/** Credentials of an API-key style service: a few named secret strings. */
const credentials = vine.record(vine.string().minLength(1).maxLength(4000))

/** Body of POST /v1/integrations/connections. */
export const createIntegrationValidator = vine.create({
  service_name: vine.string().regex(SERVICE_NAME),
  connection_status: connectionStatus.optional(),
  configuration: vine.record(vine.any()).optional(),
  credentials: credentials.optional(),
})

/** Body of PATCH /v1/integrations/connections/:id (every field optional). */
export const updateIntegrationValidator = vine.create({
  connection_status: connectionStatus.optional(),
  sync_status: syncStatus.optional(),
  last_sync_at: vine.string().regex(ISO_TIMESTAMP).nullable().optional(),
  error_message: vine.string().maxLength(2000).nullable().optional(),
  configuration: vine.record(vine.any()).optional(),
  credentials: credentials.nullable().optional(),
})

/** Query of GET /v1/integrations/connections. */
export const integrationsQueryValidator = vine.create({
  ...pageQuery,
  service_name: vine.string().regex(SERVICE_NAME).optional(),
  connection_status: connectionStatus.optional(),
})
