import { decodeProtectedHeader, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { rawQuery } from '#core/database/raw_query'
import { Problem } from '#core/http/problem'
import { isUuid } from '#core/http/id_param'
import { openText } from '#core/secrets/sealed_text'
import { currentContext, type EmbedSession } from '#core/tenancy/tenant_context'

/*
| Embed sessions: the host's backend signs its logged-in user into a
| short-lived HS256 JWT with a workspace secret key (`sk_…`); the widget sends
| it as `Authorization: Bearer <token>` next to its publishable key. The
| contract (claims, limits, refusals) is documented in
| docs/guide/embed-sessions.md; this file is its one implementation.
*/

/** The `aud` every session token must carry. */
export const EMBED_SESSION_AUDIENCE = 'aip-embed'
/** Longest lifetime (`exp - iat`) a token may have: 24 hours. */
export const MAX_SESSION_LIFETIME_SECONDS = 24 * 60 * 60
/** Clock skew tolerated between the host's clock and the platform's. */
export const SESSION_CLOCK_SKEW_SECONDS = 60
/** Longest end-user id (`sub`), name and e-mail the platform accepts. */
const MAX_SUB_LENGTH = 200
const MAX_NAME_LENGTH = 200
const MAX_EMAIL_LENGTH = 254
const MAX_SCOPES_LENGTH = 2000
/** Longest token read at all (a session token is a few hundred bytes). */
const MAX_TOKEN_LENGTH = 8192

/** Prefix of workspace embed secret keys. */
export const EMBED_SECRET_KEY_PREFIX = 'sk_'

/**
 * A refused session: 401 (or 403 for a missing scope) with a detail that starts
 * with the reason (`expired`, `invalid signature`, `revoked`, ...), so widgets
 * can tell the host to mint a fresh token.
 */
export function sessionRefused(reason: string, explanation: string, status = 401) {
  return new Problem(
    status,
    status === 403 ? 'embed-session-scope' : 'embed-session-invalid',
    status === 403 ? 'Insufficient session scope' : 'Invalid embed session',
    `${reason}: ${explanation}`,
    status === 401
      ? { headers: { 'WWW-Authenticate': 'Bearer realm="aip-embed", error="invalid_token"' } }
      : {}
  )
}

/** The bearer token of the request's Authorization header, if any. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
  if (!match) throw sessionRefused('malformed', 'the Authorization header must be "Bearer <token>"')
  return match[1]
}

/** Whether `granted` end-user scopes allow `required` (`<area>:write` implies `<area>:read`). */
export function sessionScopeAllows(granted: string[], required: string) {
  if (granted.includes(required)) return true
  return required.endsWith(':read') && granted.includes(required.replace(/:read$/, ':write'))
}

/**
 * Verifies a session token for the workspace the request's embed key entered
 * (its `trx` runs as `app_anon` there): signature with the secret key named by
 * `kid` (a key of this workspace only), audience, expiry, lifetime, claims,
 * revocation of the key and of the end user's sessions. Records the end user
 * and sets `app.end_user_id` in the transaction. Throws a 401 problem.
 */
export async function verifyEmbedSession(
  trx: TransactionClientContract,
  token: string
): Promise<EmbedSession> {
  if (token.length > MAX_TOKEN_LENGTH) throw sessionRefused('malformed', 'the token is too long')
  let kid: unknown
  let alg: unknown
  try {
    ;({ kid, alg } = decodeProtectedHeader(token))
  } catch {
    throw sessionRefused('malformed', 'the token is not a signed JWT')
  }
  if (alg !== 'HS256') throw sessionRefused('malformed', 'the token must be signed with HS256')
  if (typeof kid !== 'string' || !isUuid(kid)) {
    throw sessionRefused('unknown key', 'the token header needs kid = the id of a secret key')
  }
  const keys = await rawQuery(trx, 'select * from app.embed_session_secret(?::uuid)', [kid])
  const key = keys.rows[0]
  if (!key) {
    throw sessionRefused('unknown key', 'no secret key of this workspace has the id in kid')
  }
  if (key.revoked)
    throw sessionRefused('revoked', 'the secret key that signed the token is revoked')

  const secret = new TextEncoder().encode(openText(key.secret_encrypted, 'embed.secret_key'))
  let payload: JWTPayload
  try {
    ;({ payload } = await jwtVerify(token, secret, {
      algorithms: ['HS256'],
      audience: EMBED_SESSION_AUDIENCE,
      clockTolerance: SESSION_CLOCK_SKEW_SECONDS,
      requiredClaims: ['sub', 'iat', 'exp'],
    }))
  } catch (error) {
    throw verificationProblem(error)
  }

  const claims = readClaims(payload)
  const entered = await rawQuery(
    trx,
    'select * from app.embed_session_enter(?, ?, ?, to_timestamp(?))',
    [claims.sub, claims.name, claims.email, claims.iat]
  )
  const row = entered.rows[0]
  if (row.revoked) {
    throw sessionRefused(
      'revoked',
      "the end user's sessions were revoked after this token was issued"
    )
  }
  return {
    endUserId: row.end_user_id,
    externalId: claims.sub,
    name: claims.name,
    email: claims.email,
    scopes: claims.scopes,
    expiresAt: new Date(claims.exp * 1000),
  }
}

/** The refusal for a jose verification error. */
function verificationProblem(error: unknown): Problem {
  if (error instanceof joseErrors.JWTExpired) {
    return sessionRefused('expired', 'the session token has expired; mint a fresh one')
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
    return sessionRefused(
      'invalid signature',
      'the token was not signed with the secret key in kid'
    )
  }
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') {
      return sessionRefused('wrong audience', `the token's aud must be "${EMBED_SESSION_AUDIENCE}"`)
    }
    if (error.claim === 'nbf' || error.claim === 'iat') {
      return sessionRefused('not yet valid', `the token's ${error.claim} is in the future`)
    }
    return sessionRefused('invalid claims', `the ${error.claim} claim is missing or invalid`)
  }
  return sessionRefused('malformed', 'the token cannot be read')
}

/** The claims the platform uses, checked (types, lengths, lifetime). */
function readClaims(payload: JWTPayload) {
  const { sub, iat, exp } = payload
  const name = payload.name
  const email = payload.email
  const scope = payload.scope
  if (typeof sub !== 'string' || !sub.trim() || sub.length > MAX_SUB_LENGTH) {
    throw sessionRefused(
      'invalid claims',
      `sub must be the end user's id (1 to ${MAX_SUB_LENGTH} characters)`
    )
  }
  if (typeof iat !== 'number' || typeof exp !== 'number') {
    throw sessionRefused('invalid claims', 'iat and exp must be numeric dates')
  }
  if (iat > Date.now() / 1000 + SESSION_CLOCK_SKEW_SECONDS) {
    throw sessionRefused('not yet valid', "the token's iat is in the future")
  }
  if (exp - iat > MAX_SESSION_LIFETIME_SECONDS) {
    throw sessionRefused('lifetime too long', 'exp may be at most 24 hours after iat')
  }
  if (name !== undefined && (typeof name !== 'string' || name.length > MAX_NAME_LENGTH)) {
    throw sessionRefused(
      'invalid claims',
      `name must be a string of at most ${MAX_NAME_LENGTH} characters`
    )
  }
  if (
    email !== undefined &&
    (typeof email !== 'string' ||
      email.length > MAX_EMAIL_LENGTH ||
      !/^[^@\s]+@[^@\s]+$/.test(email))
  ) {
    throw sessionRefused('invalid claims', 'email must be an e-mail address')
  }
  if (scope !== undefined && (typeof scope !== 'string' || scope.length > MAX_SCOPES_LENGTH)) {
    throw sessionRefused('invalid claims', 'scope must be a space-separated string of scopes')
  }
  return {
    sub,
    iat,
    exp,
    name: (name as string | undefined)?.trim() || null,
    email: (email as string | undefined) ?? null,
    scopes: [...new Set(((scope as string | undefined) ?? '').split(/\s+/).filter(Boolean))],
  }
}

/**
 * The verified end-user session of the current embed request, or undefined
 * (not an embed request, or no token sent to a route with `session: 'optional'`).
 */
export function embedSession(): EmbedSession | undefined {
  return currentContext()?.embedSession
}

/**
 * The verified end-user session of the current embed request; a 401 problem
 * when there is none (for handlers shared by routes with and without one).
 */
export function requireEmbedSession(): EmbedSession {
  const session = embedSession()
  if (!session) throw sessionRefused('missing', 'this route needs an end-user session token')
  return session
}
