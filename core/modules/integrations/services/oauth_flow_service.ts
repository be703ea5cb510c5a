import { Problem, tenant, withTenant, withAnonymous, rawQuery, openText, sealText } from '#sdk'
import {
  codeChallenge,
  hashStateToken,
  isStateTokenShape,
  newCodeVerifier,
  newStateToken,
} from './pkce.js'
import { allowedReturnTo, callbackUrl, endpointUrl, resolveProvider } from './provider_registry.js'
import {
  exchangeCode,
  fetchProfile,
  OAuthProviderError,
  type AccountProfile,
} from './oauth_client.js'
import { saveConnection, type PublicConnection } from './oauth_connection_service.js'

/** A state taken by the callback: who started the flow, where, and how. */
export interface ConsumedState {
  workspace_id: string
  user_id: string
  platform_name: string
  redirect_uri: string
  code_verifier_encrypted: string | null
  requested_scopes: string[]
  return_to: string | null
}

/** What the provider sent back to the callback. */
export interface CallbackParams {
  state?: string
  code?: string
  error?: string
  error_description?: string
}

/**
 * Starts an authorization: stores a single-use state bound to the current user,
 * workspace, provider and redirect URI (with the PKCE verifier, sealed), and
 * returns the provider URL to send the user's browser to.
 */
export async function startAuthorization(
  providerName: string,
  input: { scopes?: string[]; return_to?: string }
) {
  const provider = resolveProvider(providerName)
  if (input.return_to !== undefined && !allowedReturnTo(input.return_to)) {
    throw Problem.invalidField(
      'return_to',
      'return_to must be an http(s) URL on the platform origin or on an origin listed in OAUTH_RETURN_ORIGINS',
      'origin'
    )
  }
  const { trx, workspaceId, userId } = tenant()
  const state = newStateToken()
  const verifier = provider.pkce ? newCodeVerifier() : null
  const redirectUri = callbackUrl(provider.name)
  const scopes = input.scopes?.length ? input.scopes : provider.scopes
  const result = await rawQuery(
    trx,
    `insert into oauth_states (workspace_id, user_id, state_token, platform_name, redirect_uri,
        code_verifier_encrypted, requested_scopes, return_to)
      values (?, ?, ?, ?, ?, ?, ?, ?) returning expires_at`,
    [
      workspaceId,
      userId,
      hashStateToken(state),
      provider.name,
      redirectUri,
      verifier ? sealText(verifier, 'oauth.code_verifier') : null,
      scopes,
      input.return_to ?? null,
    ]
  )

  const url = endpointUrl(provider, provider.authorize)
  const params = url.searchParams
  params.set('response_type', 'code')
  params.set('client_id', provider.clientId)
  params.set('redirect_uri', redirectUri)
  params.set('scope', scopes.join(provider.scopeSeparator))
  params.set('state', state)
  if (verifier) {
    params.set('code_challenge', codeChallenge(verifier))
    params.set('code_challenge_method', 'S256')
  }
  for (const [key, value] of Object.entries(provider.authorizeParams ?? {})) params.set(key, value)
  return {
    authorization_url: url.toString(),
    redirect_uri: redirectUri,
    state_expires_at: result.rows[0].expires_at as Date,
  }
}

/** 400 problems of the callback: the request cannot complete an authorization. */
function callbackProblem(slug: string, title: string, detail: string) {
  return new Problem(400, slug, title, detail)
}

/**
 * Takes the state of a callback, exactly once: it is deleted in its own
 * committed transaction before anything else happens, so a replay, a second
 * concurrent callback or a retry after a failure finds nothing. Expired states,
 * states of another provider and states whose user left the workspace are refused.
 */
export async function consumeState(providerName: string, state: unknown): Promise<ConsumedState> {
  if (!isStateTokenShape(state)) {
    throw callbackProblem(
      'oauth-state-invalid',
      'Invalid OAuth state',
      'The state is missing or malformed'
    )
  }
  const row = await withAnonymous(null, async ({ trx }) => {
    const result = await rawQuery(trx, 'select * from app.consume_oauth_state(?)', [
      hashStateToken(state),
    ])
    return result.rows[0]
  })
  if (!row) {
    throw callbackProblem(
      'oauth-state-invalid',
      'Invalid OAuth state',
      'The state is unknown or was already used'
    )
  }
  if (row.expired) {
    throw callbackProblem(
      'oauth-state-expired',
      'Expired OAuth state',
      'The authorization took more than 10 minutes; start again'
    )
  }
  if (row.platform_name !== providerName) {
    throw callbackProblem(
      'oauth-state-invalid',
      'Invalid OAuth state',
      'The state was issued for another provider'
    )
  }
  if (!row.is_member) {
    throw callbackProblem(
      'oauth-state-invalid',
      'Invalid OAuth state',
      'The user who started the authorization is no longer a member of the workspace'
    )
  }
  return row
}

/**
 * Completes an authorization from a consumed state: refuses provider errors,
 * exchanges the code (with the PKCE verifier and the exact redirect URI),
 * reads the account profile, and stores the connection for the state's user
 * and workspace. No database transaction is held during the provider calls.
 */
export async function completeAuthorization(
  state: ConsumedState,
  params: CallbackParams
): Promise<PublicConnection> {
  if (params.error) {
    const code = String(params.error).slice(0, 100)
    const description = params.error_description
      ? `: ${String(params.error_description).slice(0, 300)}`
      : ''
    throw callbackProblem(
      'oauth-authorization-denied',
      'Authorization denied',
      `The provider refused the authorization (${code}${description})`
    )
  }
  if (typeof params.code !== 'string' || !params.code || params.code.length > 2048) {
    throw callbackProblem(
      'oauth-callback-invalid',
      'Invalid OAuth callback',
      'The callback has no code'
    )
  }
  const provider = resolveProvider(state.platform_name)

  let tokens
  try {
    tokens = await exchangeCode(provider, {
      code: params.code,
      redirectUri: state.redirect_uri,
      codeVerifier: state.code_verifier_encrypted
        ? openText(state.code_verifier_encrypted, 'oauth.code_verifier')
        : null,
    })
  } catch (error) {
    throw providerProblem(error, 'The provider refused to exchange the authorization code')
  }

  let profile: AccountProfile & { error?: string } = { id: null, username: null }
  try {
    profile = await fetchProfile(provider, tokens.accessToken)
  } catch (error) {
    profile = { id: null, username: null, error: (error as Error).message.slice(0, 300) }
  }

  return withTenant(
    {
      userId: state.user_id,
      workspaceId: state.workspace_id,
      credentialWorkspaceId: state.workspace_id,
    },
    () => saveConnection(provider, tokens, profile, state.requested_scopes)
  )
}

/** Maps a failed provider call: refusals are 400, outages 502 (never the provider's raw body). */
function providerProblem(error: unknown, refusedDetail: string): Problem {
  if (error instanceof OAuthProviderError) {
    if (error.refused) {
      return new Problem(
        400,
        'oauth-exchange-failed',
        'OAuth exchange failed',
        `${refusedDetail} (${error.code})`
      )
    }
    return new Problem(
      502,
      'oauth-provider-unavailable',
      'OAuth provider unavailable',
      'The provider could not be reached or answered with an error; try again later'
    )
  }
  throw error
}
