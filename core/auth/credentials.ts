import { createHash } from 'node:crypto'
import { AccessToken } from '@adonisjs/auth/access_tokens'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { isUuid } from '#core/http/id_param'

/** Prefix of user access tokens (secret scanners can match it). */
export const USER_TOKEN_PREFIX = 'aip_at_'
/** Prefix of workspace API keys. */
export const API_KEY_PREFIX = 'aip_sk_'

/** A bearer credential after decoding: which table, which row, and the hash to compare. */
export interface DecodedCredential {
  kind: 'token' | 'api_key'
  id: string
  hash: string
}

/**
 * Decodes a bearer value (`aip_at_…` or `aip_sk_…`, the @adonisjs/auth opaque
 * token format) into the row id and the SHA-256 of its secret. Returns null for
 * anything malformed.
 */
export function decodeCredential(value: string): DecodedCredential | null {
  const kind = value.startsWith(USER_TOKEN_PREFIX)
    ? 'token'
    : value.startsWith(API_KEY_PREFIX)
      ? 'api_key'
      : null
  if (!kind) return null
  const decoded = AccessToken.decode(kind === 'token' ? USER_TOKEN_PREFIX : API_KEY_PREFIX, value)
  if (!decoded || !isUuid(decoded.identifier)) return null
  return {
    kind,
    id: decoded.identifier,
    hash: createHash('sha256').update(decoded.secret.release()).digest('hex'),
  }
}

/** A newly issued credential: its row id and the value shown once to the caller. */
export interface IssuedCredential {
  id: string
  value: string
  expiresAt: Date | null
}

/**
 * Issues a user access token inside the given transaction (service or tenant):
 * only the SHA-256 of the secret is stored.
 */
export async function issueUserToken(
  trx: TransactionClientContract,
  userId: string,
  options: { name?: string | null; expiresIn: string }
): Promise<IssuedCredential> {
  const transient = AccessToken.createTransientToken(userId, 40, options.expiresIn)
  const [row] = await trx
    .insertQuery()
    .table('auth_access_tokens')
    .insert({
      tokenable_id: userId,
      name: options.name ?? null,
      hash: transient.hash,
      expires_at: transient.expiresAt ?? null,
    })
    .returning(['id'])
  return {
    id: row.id,
    value: encode(USER_TOKEN_PREFIX, row.id, transient.secret.release()),
    expiresAt: transient.expiresAt ?? null,
  }
}

/**
 * Creates a fresh API key secret: the value to show once, its hash to store and
 * a short hint to recognise it later.
 */
export function newApiKeySecret() {
  const seed = AccessToken.seed(40)
  return { secret: seed.secret.release(), hash: seed.hash }
}

/** Builds the public value `prefix + base64url(id) + "." + base64url(secret)`. */
export function encode(prefix: string, id: string, secret: string) {
  return `${prefix}${Buffer.from(id).toString('base64url')}.${Buffer.from(secret).toString('base64url')}`
}
