import { createHash, randomBytes } from 'node:crypto'

/**
 * The random values of an authorization-code flow: the CSRF state and the
 * PKCE pair (RFC 7636, method S256), from the platform's CSPRNG.
 */

/** A fresh state token (256 random bits, base64url) sent to the provider. */
export function newStateToken(): string {
  return randomBytes(32).toString('base64url')
}

/** What is stored for a state: its SHA-256 in hex, so a database reader cannot replay it. */
export function hashStateToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/** Whether a string can be a state token this platform issued (checked before any query). */
export function isStateTokenShape(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value)
}

/** A fresh PKCE code verifier: 32 random bytes, base64url (43 characters, RFC 7636 §4.1). */
export function newCodeVerifier(): string {
  return randomBytes(32).toString('base64url')
}

/** The S256 code challenge of a verifier: BASE64URL(SHA256(verifier)). */
export function codeChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url')
}
