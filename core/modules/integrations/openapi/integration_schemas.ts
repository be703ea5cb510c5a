import { defineSchema, pageOf } from '#sdk'

const uuid = { type: 'string', format: 'uuid' }
const nullableTimestamp = { type: ['string', 'null'], format: 'date-time' }
const kind = {
  type: 'string',
  enum: ['social', 'integration'],
  description:
    '`social`: kept in social_platform_connections; `integration`: kept in oauth_connections',
}

const OAuthProvider = defineSchema('OAuthProvider', {
  type: 'object',
  required: ['name', 'display_name', 'kind', 'pkce', 'revocable', 'default_scopes', 'configured'],
  properties: {
    name: { type: 'string' },
    display_name: { type: 'string' },
    kind,
    pkce: { type: 'boolean', description: 'PKCE (S256) is used with this provider' },
    revocable: { type: 'boolean', description: 'Tokens are revoked at the provider on disconnect' },
    default_scopes: { type: 'array', items: { type: 'string' } },
    configured: {
      type: 'boolean',
      description: 'Client credentials and base URLs are set, so the provider can be used',
    },
    missing_settings: {
      type: 'array',
      items: { type: 'string' },
      description: 'Environment variables still to set',
    },
  },
})

const OAuthConnection = defineSchema('OAuthConnection', {
  type: 'object',
  required: ['id', 'workspace_id', 'user_id', 'platform_name', 'kind', 'connection_status'],
  description: 'An OAuth connection. Its tokens are stored encrypted and never returned.',
  properties: {
    id: uuid,
    workspace_id: uuid,
    user_id: uuid,
    platform_name: { type: 'string', description: 'The provider' },
    kind,
    platform_user_id: { type: ['string', 'null'] },
    platform_username: { type: ['string', 'null'] },
    connection_status: { type: 'string', enum: ['connected', 'disconnected', 'expired', 'error'] },
    token_expires_at: nullableTimestamp,
    has_refresh_token: { type: 'boolean' },
    connection_metadata: {
      type: 'object',
      description: 'Granted scopes, token type, connected_at, last_refreshed_at, last_error',
    },
    created_at: nullableTimestamp,
    updated_at: nullableTimestamp,
  },
})

const IntegrationConnection = defineSchema('IntegrationConnection', {
  type: 'object',
  required: ['id', 'workspace_id', 'user_id', 'service_name', 'credential_fields'],
  description: 'An API-key style integration. Credentials are stored encrypted and never returned.',
  properties: {
    id: uuid,
    workspace_id: uuid,
    user_id: uuid,
    service_name: { type: 'string' },
    connection_status: {
      type: ['string', 'null'],
      enum: ['connected', 'disconnected', 'error', 'pending', null],
    },
    last_sync_at: nullableTimestamp,
    sync_status: { type: ['string', 'null'], enum: ['idle', 'syncing', 'error', 'success', null] },
    configuration: { type: ['object', 'null'] },
    error_message: { type: ['string', 'null'] },
    credential_fields: {
      type: 'array',
      items: { type: 'string' },
      description: 'Names of the stored credential fields (values are never returned)',
    },
    created_at: nullableTimestamp,
    updated_at: nullableTimestamp,
  },
})

/** Response schemas of integrations and OAuth (OpenAPI components). */
export const integrationSchemas = {
  OAuthProvider,
  OAuthConnection,
  IntegrationConnection,
  providerList: defineSchema('OAuthProviderList', {
    type: 'object',
    required: ['data'],
    properties: { data: { type: 'array', items: OAuthProvider } },
  }),
  authorization: defineSchema('OAuthAuthorization', {
    type: 'object',
    required: ['authorization_url', 'redirect_uri', 'state_expires_at'],
    properties: {
      authorization_url: {
        type: 'string',
        description: "Send the user's browser here (valid once, for 10 minutes)",
      },
      redirect_uri: {
        type: 'string',
        description: 'The callback URL registered with the provider',
      },
      state_expires_at: { type: 'string', format: 'date-time' },
    },
  }),
  callbackResult: defineSchema('OAuthCallbackResult', {
    type: 'object',
    required: ['status', 'connection'],
    properties: { status: { type: 'string', const: 'connected' }, connection: OAuthConnection },
  }),
  refreshQueued: defineSchema('OAuthRefreshQueued', {
    type: 'object',
    required: ['status', 'connection_id'],
    properties: { status: { type: 'string', const: 'queued' }, connection_id: uuid },
  }),
  connectionPage: pageOf('OAuthConnectionPage', OAuthConnection),
  integrationPage: pageOf('IntegrationConnectionPage', IntegrationConnection),
}
