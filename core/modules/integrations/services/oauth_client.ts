import { endpointUrl, type ResolvedProvider } from './provider_registry.js'
import type { OAuthEndpoint } from './oauth_providers.js'

/** Time allowed for one call to a provider. */
const TIMEOUT_MS = 10_000
/** Largest provider response read (tokens and profiles are small). */
const MAX_RESPONSE_BYTES = 256 * 1024

/**
 * A provider answered with an error, or could not be reached. `status` is the
 * provider's HTTP status (0 when unreachable); `code` the OAuth `error` field.
 */
export class OAuthProviderError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly description?: string
  ) {
    super(`OAuth provider error ${status} ${code}${description ? `: ${description}` : ''}`)
    this.name = 'OAuthProviderError'
  }

  /** The provider refused the request itself (bad code, revoked refresh token…), so retrying cannot help. */
  get refused() {
    return this.status >= 400 && this.status < 500
  }
}

/** Tokens from a token endpoint response (RFC 6749 §5.1). */
export interface TokenSet {
  accessToken: string
  refreshToken: string | null
  /** Absolute expiry computed from `expires_in`; null when the provider gives none. */
  expiresAt: Date | null
  tokenType: string | null
  /** Scopes granted, when the provider says (otherwise the requested ones apply). */
  scopes: string[] | null
}

/** The connected account as the provider's profile endpoint describes it. */
export interface AccountProfile {
  id: string | null
  username: string | null
}

/** Exchanges an authorization code (and PKCE verifier) for tokens. */
export function exchangeCode(
  provider: ResolvedProvider,
  input: { code: string; redirectUri: string; codeVerifier: string | null }
): Promise<TokenSet> {
  const params: Record<string, string> = {
    grant_type: 'authorization_code',
    code: input.code,
    redirect_uri: input.redirectUri,
  }
  if (input.codeVerifier) params.code_verifier = input.codeVerifier
  return tokenRequest(provider, params)
}

/** Uses a refresh token (RFC 6749 §6); providers may rotate the refresh token. */
export function refreshTokens(provider: ResolvedProvider, refreshToken: string): Promise<TokenSet> {
  return tokenRequest(provider, { grant_type: 'refresh_token', refresh_token: refreshToken })
}

/** Revokes a token at the provider's RFC 7009 endpoint (no-op for providers without one). */
export async function revokeToken(
  provider: ResolvedProvider,
  token: string,
  hint: 'access_token' | 'refresh_token'
): Promise<void> {
  if (!provider.revoke) return
  const response = await postForm(provider, provider.revoke, { token, token_type_hint: hint })
  // RFC 7009 §2.2: an invalid token also answers 200; anything else is an error.
  if (!response.ok) throw await providerError(response)
}

/** Reads the connected account's id and name with a fresh access token. */
export async function fetchProfile(
  provider: ResolvedProvider,
  accessToken: string
): Promise<AccountProfile> {
  if (!provider.profile) return { id: null, username: null }
  const response = await call(endpointUrl(provider, provider.profile), {
    headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' },
  })
  if (!response.ok) throw await providerError(response)
  const body = await readJson(response)
  return {
    id: scalarAt(body, provider.profile.idField),
    username: scalarAt(body, provider.profile.usernameField),
  }
}

async function tokenRequest(
  provider: ResolvedProvider,
  params: Record<string, string>
): Promise<TokenSet> {
  const response = await postForm(provider, provider.token, params)
  if (!response.ok) throw await providerError(response)
  const body = await readJson(response)
  const accessToken = body.access_token
  if (typeof accessToken !== 'string' || !accessToken) {
    throw new OAuthProviderError(502, 'invalid_token_response', 'The response has no access_token')
  }
  const expiresIn = Number(body.expires_in)
  const refreshToken = body.refresh_token
  return {
    accessToken,
    refreshToken: typeof refreshToken === 'string' && refreshToken ? refreshToken : null,
    expiresAt:
      Number.isFinite(expiresIn) && expiresIn > 0 ? new Date(Date.now() + expiresIn * 1000) : null,
    tokenType: typeof body.token_type === 'string' ? body.token_type : null,
    scopes:
      typeof body.scope === 'string' && body.scope
        ? body.scope.split(provider.scopeSeparator === ',' ? /[\s,]+/ : /\s+/).filter(Boolean)
        : null,
  }
}

/** POSTs a form with the provider's client authentication (RFC 6749 §2.3.1). */
function postForm(
  provider: ResolvedProvider,
  endpoint: OAuthEndpoint,
  params: Record<string, string>
): Promise<Response> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/x-www-form-urlencoded',
    'Accept': 'application/json',
  }
  const form = new URLSearchParams(params)
  if (provider.clientAuth === 'basic') {
    const id = encodeURIComponent(provider.clientId)
    const secret = encodeURIComponent(provider.clientSecret)
    headers.Authorization = `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`
  } else {
    form.set('client_id', provider.clientId)
    form.set('client_secret', provider.clientSecret)
  }
  return call(endpointUrl(provider, endpoint), { method: 'POST', headers, body: form.toString() })
}

async function call(url: URL, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(TIMEOUT_MS) })
  } catch (error) {
    throw new OAuthProviderError(0, 'unreachable', (error as Error).message)
  }
}

/** Reads a JSON object (or, as some providers answer, a form-encoded body). */
async function readJson(response: Response): Promise<Record<string, any>> {
  const text = await readText(response)
  const type = response.headers.get('content-type') ?? ''
  if (type.includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(text))
  }
  try {
    const value = JSON.parse(text)
    if (value && typeof value === 'object' && !Array.isArray(value)) return value
  } catch {
    // reported below
  }
  throw new OAuthProviderError(502, 'invalid_response', 'The provider did not answer with JSON')
}

async function readText(response: Response): Promise<string> {
  const buffer = Buffer.from(await response.arrayBuffer())
  if (buffer.length > MAX_RESPONSE_BYTES) {
    throw new OAuthProviderError(502, 'response_too_large', 'The provider response is too large')
  }
  return buffer.toString('utf8')
}

async function providerError(response: Response): Promise<OAuthProviderError> {
  let code = 'http_error'
  let description: string | undefined
  try {
    const body = JSON.parse(await readText(response))
    if (typeof body?.error === 'string') code = body.error.slice(0, 100)
    if (typeof body?.error_description === 'string') {
      description = body.error_description.slice(0, 300)
    }
  } catch {
    // not JSON: keep the generic code
  }
  return new OAuthProviderError(response.status, code, description)
}

/** A string or number at a dotted path of a JSON object, as text. */
function scalarAt(body: Record<string, any>, path: string): string | null {
  let value: any = body
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return null
    value = value[key]
  }
  if (typeof value === 'string' && value) return value.slice(0, 500)
  if (typeof value === 'number') return String(value)
  return null
}
