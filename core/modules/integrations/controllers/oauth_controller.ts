import type { HttpContext } from '@adonisjs/core/http'
import { Problem } from '#sdk'
import { providerDefinition, providerStatuses } from '../services/provider_registry.js'
import { authorizeOAuthValidator, providerParam } from '../validators/integration_validator.js'
import {
  completeAuthorization,
  consumeState,
  startAuthorization,
  type CallbackParams,
} from '../services/oauth_flow_service.js'

/**
 * The OAuth 2.0 authorization-code flow: the provider catalogue, the start of
 * an authorization (authenticated) and the provider's callback (public: the
 * single-use state identifies the user and workspace).
 */
export default class OAuthController {
  async providers() {
    return { data: providerStatuses() }
  }

  async authorize({ params, request, response }: HttpContext) {
    const provider = await knownProvider(params)
    const input = await request.validateUsing(authorizeOAuthValidator)
    response.status(201)
    return startAuthorization(provider, input)
  }

  /**
   * Where the provider sends the browser back. Answers JSON, or, when the
   * authorization was started with `return_to`, redirects there with
   * `oauth_status` (and `connection_id` or `oauth_error`) in the query.
   */
  async callback({ params, request, response }: HttpContext) {
    response.header('Cache-Control', 'no-store')
    response.header('Referrer-Policy', 'no-referrer')
    const provider = await knownProvider(params)
    const query = request.qs() as CallbackParams
    const state = await consumeState(provider, query.state)
    try {
      const connection = await completeAuthorization(state, query)
      if (state.return_to) {
        return response
          .redirect()
          .status(303)
          .toPath(
            withQuery(state.return_to, {
              oauth_status: 'connected',
              provider,
              connection_id: connection.id,
            })
          )
      }
      return { status: 'connected', connection }
    } catch (error) {
      if (!(error instanceof Problem) || !state.return_to) throw error
      return response
        .redirect()
        .status(303)
        .toPath(
          withQuery(state.return_to, {
            oauth_status: 'error',
            provider,
            oauth_error: error.type.split('/').pop()!,
          })
        )
    }
  }
}

/** The `:provider` parameter, which must name a built-in provider (404 otherwise). */
async function knownProvider(params: Record<string, unknown>): Promise<string> {
  const [error, value] = await providerParam.tryValidate({ provider: params.provider })
  if (error || !providerDefinition(value.provider)) throw Problem.notFound('OAuth provider')
  return value.provider
}

function withQuery(address: string, values: Record<string, string>) {
  const url = new URL(address)
  for (const [key, value] of Object.entries(values)) url.searchParams.set(key, value)
  return url.toString()
}
