import { createHash, randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { OAuthProviderDefinition } from '#modules/integrations/services/oauth_providers'

/** Settings of a fake authorization server: the client it knows and how it behaves. */
export interface FakeOAuthOptions {
  clientId: string
  clientSecret: string
  /** The only redirect URI registered for the client. */
  redirectUri: string
  /** Lifetime of issued access tokens, in seconds. */
  expiresIn?: number
  /** Issue a refresh token with the code exchange (default true). */
  issueRefreshTokens?: boolean
  /** Issue a new refresh token on each refresh and invalidate the old one (default true). */
  rotateRefreshTokens?: boolean
}

interface IssuedCode {
  clientId: string
  redirectUri: string
  challenge: string | null
  scope: string
  subject: string
  issuedAt: number
  used: boolean
  /** Tokens issued for this code, revoked if the code is replayed (RFC 6749 §4.1.2). */
  tokens: string[]
}

interface IssuedToken {
  kind: 'access' | 'refresh'
  subject: string
  expiresAt: number | null
  revoked: boolean
}

/** What the fake saw, for assertions. */
export interface FakeOAuthEvent {
  endpoint: 'authorize' | 'token' | 'revoke' | 'profile'
  outcome: string
  grantType?: string
}

const CODE_LIFETIME_MS = 60_000

/**
 * A local OAuth 2.0 authorization server on loopback that speaks a provider's
 * endpoints (the paths of its definition) and really enforces the protocol:
 * client authentication in the provider's style (Basic or body), the exact
 * registered redirect URI, PKCE S256 (the verifier must hash to the
 * challenge), single-use short-lived codes, expiring access tokens, rotating
 * refresh tokens, RFC 7009 revocation and a bearer-protected profile.
 */
export class FakeOAuthServer {
  readonly events: FakeOAuthEvent[] = []
  readonly codes = new Map<string, IssuedCode>()
  readonly tokens = new Map<string, IssuedToken>()
  /** Tokens the client revoked, in order. */
  readonly revoked: string[] = []
  /** The account the next approval connects. */
  subject = 'account-1'
  #server?: Server
  url = ''

  constructor(
    private definition: OAuthProviderDefinition,
    public options: FakeOAuthOptions
  ) {}

  async start() {
    this.#server = createServer((request, response) => {
      this.#handle(request, response).catch((error) => {
        response.writeHead(500, { 'Content-Type': 'application/json' })
        response.end(JSON.stringify({ error: 'server_error', error_description: String(error) }))
      })
    })
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`
    return this
  }

  async close() {
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()) ?? resolve())
  }

  /**
   * Plays the user's browser at the authorization URL: the user approves (or
   * denies), and the server answers with its redirect. Returns that Location.
   */
  async authorize(authorizationUrl: string, decision: 'approve' | 'deny' = 'approve') {
    const url = new URL(authorizationUrl)
    url.searchParams.set('fake_decision', decision)
    const response = await fetch(url, { redirect: 'manual' })
    const location = response.headers.get('location')
    if (response.status !== 302 || !location) {
      throw new Error(`authorization failed: ${response.status} ${await response.text()}`)
    }
    return new URL(location)
  }

  /** Issued tokens of one kind that are still valid. */
  liveTokens(kind: 'access' | 'refresh') {
    return [...this.tokens.entries()]
      .filter(([, token]) => token.kind === kind && !token.revoked)
      .map(([value]) => value)
  }

  /** Invalidates every refresh token (the user revoked the app at the provider). */
  revokeAllRefreshTokens() {
    for (const token of this.tokens.values()) if (token.kind === 'refresh') token.revoked = true
  }

  count(endpoint: FakeOAuthEvent['endpoint'], outcome?: string, grantType?: string) {
    return this.events.filter(
      (event) =>
        event.endpoint === endpoint &&
        (outcome === undefined || event.outcome === outcome) &&
        (grantType === undefined || event.grantType === grantType)
    ).length
  }

  async #handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? '/', this.url)
    const { authorize, token, revoke, profile } = this.definition
    if (request.method === 'GET' && url.pathname === authorize.path) {
      return this.#authorize(url, response)
    }
    if (request.method === 'POST' && url.pathname === token.path) {
      return this.#token(request, await readForm(request), response)
    }
    if (request.method === 'POST' && revoke && url.pathname === revoke.path) {
      return this.#revoke(request, await readForm(request), response)
    }
    if (request.method === 'GET' && profile && url.pathname === profile.path) {
      return this.#profile(request, response)
    }
    json(response, 404, { error: 'not_found' })
  }

  #authorize(url: URL, response: ServerResponse) {
    const params = url.searchParams
    const fail = (outcome: string) => {
      this.events.push({ endpoint: 'authorize', outcome })
      json(response, 400, { error: outcome })
    }
    // Errors about the client or redirect URI are shown to the user, never redirected.
    if (params.get('client_id') !== this.options.clientId) return fail('unknown_client')
    if (params.get('redirect_uri') !== this.options.redirectUri)
      return fail('redirect_uri_mismatch')
    if (params.get('response_type') !== 'code') return fail('unsupported_response_type')
    const challenge = params.get('code_challenge')
    if (this.definition.pkce && (!challenge || params.get('code_challenge_method') !== 'S256')) {
      return fail('pkce_required')
    }
    const back = new URL(this.options.redirectUri)
    const state = params.get('state')
    if (state) back.searchParams.set('state', state)
    if (params.get('fake_decision') === 'deny') {
      this.events.push({ endpoint: 'authorize', outcome: 'denied' })
      back.searchParams.set('error', 'access_denied')
      back.searchParams.set('error_description', 'The user denied the request')
    } else {
      const code = randomBytes(24).toString('base64url')
      this.codes.set(code, {
        clientId: this.options.clientId,
        redirectUri: params.get('redirect_uri')!,
        challenge,
        scope: params.get('scope') ?? '',
        subject: this.subject,
        issuedAt: Date.now(),
        used: false,
        tokens: [],
      })
      this.events.push({ endpoint: 'authorize', outcome: 'approved' })
      back.searchParams.set('code', code)
    }
    response.writeHead(302, { Location: back.toString() })
    response.end()
  }

  /** Checks client authentication in the provider's style. */
  #clientAuthenticated(request: IncomingMessage, form: URLSearchParams) {
    const { clientId, clientSecret } = this.options
    if (this.definition.clientAuth === 'basic') {
      const match = /^Basic (.+)$/.exec(request.headers.authorization ?? '')
      if (!match || form.has('client_secret')) return false
      const [id, secret] = Buffer.from(match[1], 'base64').toString('utf8').split(':')
      return (
        decodeURIComponent(id) === clientId && decodeURIComponent(secret ?? '') === clientSecret
      )
    }
    return form.get('client_id') === clientId && form.get('client_secret') === clientSecret
  }

  #token(request: IncomingMessage, form: URLSearchParams, response: ServerResponse) {
    const grantType = form.get('grant_type') ?? ''
    const fail = (status: number, outcome: string) => {
      this.events.push({ endpoint: 'token', outcome, grantType })
      json(response, status, { error: outcome.split(':')[0], error_description: outcome })
    }
    if (!this.#clientAuthenticated(request, form)) return fail(401, 'invalid_client')

    if (grantType === 'authorization_code') {
      const code = this.codes.get(form.get('code') ?? '')
      if (!code) return fail(400, 'invalid_grant:unknown_code')
      if (code.used) {
        for (const issued of code.tokens) this.tokens.get(issued)!.revoked = true
        return fail(400, 'invalid_grant:code_reused')
      }
      if (Date.now() - code.issuedAt > CODE_LIFETIME_MS)
        return fail(400, 'invalid_grant:code_expired')
      if (form.get('redirect_uri') !== code.redirectUri) {
        return fail(400, 'invalid_grant:redirect_uri_mismatch')
      }
      if (code.challenge) {
        const verifier = form.get('code_verifier') ?? ''
        const computed = createHash('sha256').update(verifier).digest('base64url')
        if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier) || computed !== code.challenge) {
          return fail(400, 'invalid_grant:pkce_mismatch')
        }
      }
      code.used = true
      const issued = this.#issue(code.subject, this.options.issueRefreshTokens ?? true)
      code.tokens.push(issued.access_token)
      if (issued.refresh_token) code.tokens.push(issued.refresh_token)
      this.events.push({ endpoint: 'token', outcome: 'issued', grantType })
      return json(response, 200, { ...issued, scope: code.scope })
    }

    if (grantType === 'refresh_token') {
      const value = form.get('refresh_token') ?? ''
      const refresh = this.tokens.get(value)
      if (!refresh || refresh.kind !== 'refresh' || refresh.revoked) {
        return fail(400, 'invalid_grant:bad_refresh_token')
      }
      const rotate = this.options.rotateRefreshTokens ?? true
      if (rotate) refresh.revoked = true
      const issued = this.#issue(refresh.subject, rotate)
      this.events.push({ endpoint: 'token', outcome: 'issued', grantType })
      return json(response, 200, issued)
    }
    return fail(400, 'unsupported_grant_type')
  }

  #issue(subject: string, withRefresh: boolean) {
    const expiresIn = this.options.expiresIn ?? 3600
    const accessToken = `at_${randomBytes(18).toString('base64url')}`
    this.tokens.set(accessToken, {
      kind: 'access',
      subject,
      expiresAt: Date.now() + expiresIn * 1000,
      revoked: false,
    })
    const body: Record<string, unknown> = {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: expiresIn,
    }
    if (withRefresh) {
      const refreshToken = `rt_${randomBytes(18).toString('base64url')}`
      this.tokens.set(refreshToken, { kind: 'refresh', subject, expiresAt: null, revoked: false })
      body.refresh_token = refreshToken
    }
    return body as { access_token: string; refresh_token?: string; expires_in: number }
  }

  #revoke(request: IncomingMessage, form: URLSearchParams, response: ServerResponse) {
    if (!this.#clientAuthenticated(request, form)) {
      this.events.push({ endpoint: 'revoke', outcome: 'invalid_client' })
      return json(response, 401, { error: 'invalid_client' })
    }
    const value = form.get('token') ?? ''
    const token = this.tokens.get(value)
    if (token) token.revoked = true
    this.revoked.push(value)
    this.events.push({ endpoint: 'revoke', outcome: token ? 'revoked' : 'unknown_token' })
    json(response, 200, {})
  }

  #profile(request: IncomingMessage, response: ServerResponse) {
    const match = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')
    const token = match ? this.tokens.get(match[1]) : undefined
    if (
      !token ||
      token.kind !== 'access' ||
      token.revoked ||
      (token.expiresAt !== null && token.expiresAt < Date.now())
    ) {
      this.events.push({ endpoint: 'profile', outcome: 'invalid_token' })
      return json(response, 401, { error: 'invalid_token' })
    }
    const { idField, usernameField } = this.definition.profile!
    const body: Record<string, unknown> = {}
    setPath(body, idField, token.subject)
    setPath(body, usernameField, `${token.subject}-name`)
    this.events.push({ endpoint: 'profile', outcome: 'ok' })
    json(response, 200, body)
  }
}

async function readForm(request: IncomingMessage) {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  const type = request.headers['content-type'] ?? ''
  if (!type.startsWith('application/x-www-form-urlencoded')) return new URLSearchParams()
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'))
}

function json(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
  response.end(JSON.stringify(body))
}

function setPath(target: Record<string, any>, path: string, value: unknown) {
  const keys = path.split('.')
  let node = target
  for (const key of keys.slice(0, -1)) node = node[key] ??= {}
  node[keys.at(-1)!] = value
}
