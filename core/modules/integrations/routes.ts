import router from '@adonisjs/core/services/router'
import { uuidParams } from '#sdk'
import { integrationSchemas as schemas } from './openapi/integration_schemas.js'
import {
  authorizeOAuthValidator,
  createIntegrationValidator,
  integrationsQueryValidator,
  oauthConnectionsQueryValidator,
  updateIntegrationValidator,
} from './validators/integration_validator.js'

const OAuthController = () => import('./controllers/oauth_controller.js')
const OAuthConnectionsController = () => import('./controllers/oauth_connections_controller.js')
const IntegrationConnectionsController = () =>
  import('./controllers/integration_connections_controller.js')

const idParams = uuidParams()
const providerParams = { provider: { type: 'string', pattern: '^[a-z][a-z0-9_-]{0,63}$' } }
const tag = 'Integrations'

/**
 * Integrations: OAuth providers and connections (authorization-code flow with
 * PKCE), and API-key style integration connections.
 */
export default function registerIntegrationRoutes() {
  router.group(() => {
    router.get('/integrations/oauth/providers', [OAuthController, 'providers']).openapi({
      operationId: 'core.oauth_providers.list',
      summary: 'OAuth providers and whether they are configured',
      tag,
      scope: 'integrations:read',
      responses: { 200: { description: 'The providers', schema: schemas.providerList } },
    })
    router.get('/integrations/oauth/connections', [OAuthConnectionsController, 'index']).openapi({
      operationId: 'core.oauth_connections.list',
      summary: 'Your OAuth connections in this workspace',
      tag,
      scope: 'integrations:read',
      query: oauthConnectionsQueryValidator,
      responses: {
        200: { description: 'A page of connections', schema: schemas.connectionPage },
      },
    })
    router
      .get('/integrations/oauth/connections/:id', [OAuthConnectionsController, 'show'])
      .openapi({
        operationId: 'core.oauth_connections.show',
        summary: 'One of your OAuth connections (never its tokens)',
        tag,
        scope: 'integrations:read',
        params: idParams,
        responses: { 200: { description: 'The connection', schema: schemas.OAuthConnection } },
      })
    router
      .post('/integrations/oauth/connections/:id/refresh', [OAuthConnectionsController, 'refresh'])
      .openapi({
        operationId: 'core.oauth_connections.refresh',
        summary: 'Refresh the access token now (in a job)',
        tag,
        scope: 'integrations:write',
        params: idParams,
        responses: {
          202: { description: 'Refresh queued', schema: schemas.refreshQueued },
          409: { description: 'The connection has no refresh token' },
        },
      })
    router
      .delete('/integrations/oauth/connections/:id', [OAuthConnectionsController, 'destroy'])
      .openapi({
        operationId: 'core.oauth_connections.delete',
        summary: 'Disconnect: delete the tokens and revoke them at the provider',
        tag,
        scope: 'integrations:write',
        params: idParams,
        responses: { 204: { description: 'Disconnected' } },
      })
    router.post('/integrations/oauth/:provider/authorize', [OAuthController, 'authorize']).openapi({
      operationId: 'core.oauth.authorize',
      summary: 'Start connecting an account: returns the provider URL to send the browser to',
      tag,
      scope: 'integrations:write',
      params: providerParams,
      body: authorizeOAuthValidator,
      responses: {
        201: { description: 'Authorization started', schema: schemas.authorization },
        409: { description: 'The provider is not configured on this platform' },
      },
    })

    router.get('/integrations/connections', [IntegrationConnectionsController, 'index']).openapi({
      operationId: 'core.integration_connections.list',
      summary: 'Your API-key style integrations in this workspace',
      tag,
      scope: 'integrations:read',
      query: integrationsQueryValidator,
      responses: {
        200: { description: 'A page of integrations', schema: schemas.integrationPage },
      },
    })
    router.post('/integrations/connections', [IntegrationConnectionsController, 'store']).openapi({
      operationId: 'core.integration_connections.create',
      summary: 'Add an integration with its credentials (stored encrypted, never returned)',
      tag,
      scope: 'integrations:write',
      body: createIntegrationValidator,
      responses: {
        201: { description: 'Created', schema: schemas.IntegrationConnection },
        409: { description: 'You already have a connection to this service here' },
      },
    })
    router
      .get('/integrations/connections/:id', [IntegrationConnectionsController, 'show'])
      .openapi({
        operationId: 'core.integration_connections.show',
        summary: 'One of your integrations (never its credentials)',
        tag,
        scope: 'integrations:read',
        params: idParams,
        responses: {
          200: { description: 'The integration', schema: schemas.IntegrationConnection },
        },
      })
    router
      .patch('/integrations/connections/:id', [IntegrationConnectionsController, 'update'])
      .openapi({
        operationId: 'core.integration_connections.update',
        summary: 'Update an integration: status, sync state, configuration or credentials',
        tag,
        scope: 'integrations:write',
        params: idParams,
        body: updateIntegrationValidator,
        responses: { 200: { description: 'Updated', schema: schemas.IntegrationConnection } },
      })
    router
      .delete('/integrations/connections/:id', [IntegrationConnectionsController, 'destroy'])
      .openapi({
        operationId: 'core.integration_connections.delete',
        summary: 'Delete an integration and its credentials',
        tag,
        scope: 'integrations:write',
        params: idParams,
        responses: { 204: { description: 'Deleted' } },
      })
  })

  router.get('/integrations/oauth/:provider/callback', [OAuthController, 'callback']).openapi({
    operationId: 'core.oauth.callback',
    summary: "The provider's redirect back to the platform (register this URL with the provider)",
    description:
      'Public: the single-use state identifies the user and workspace. Redirects (303) to the ' +
      '`return_to` given at authorization, with `oauth_status` and `connection_id` or ' +
      '`oauth_error`; without `return_to` it answers JSON.',
    tag,
    auth: 'none',
    params: providerParams,
    responses: {
      200: { description: 'Connected', schema: schemas.callbackResult },
      303: { description: 'Redirect to return_to with the outcome in the query' },
      400: { description: 'Invalid, used or expired state, denied authorization, refused code' },
      409: { description: 'The provider is not configured on this platform' },
      502: { description: 'The provider could not be reached' },
    },
  })
}
