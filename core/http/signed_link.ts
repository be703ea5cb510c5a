import { createHmac, timingSafeEqual } from 'node:crypto'
import { appKey } from '#config/app'

/**
 * Signed, expiring links: a download or feed URL that works without a login
 * for a limited time (privacy exports, asset downloads, rendered videos).
 *
 * The signature is an HMAC-SHA256 over `subject.expires`, keyed by a key
 * derived from APP_KEY for one purpose, so a link signed for one purpose never
 * opens another (an asset link is not a valid export link for the same id).
 */

/** Outcome of checking a signed link: a forged or edited link is `tampered` whatever its date. */
export type SignedLinkCheck = 'valid' | 'tampered' | 'expired'

/** The query fields a signed link adds to its URL. */
export interface SignedLink {
  /** Expiry as Unix seconds. */
  expires: number
  /** base64url HMAC of `subject.expires`. */
  signature: string
  /** `expires=…&signature=…`, ready to append after `?`. */
  query: string
}

const PURPOSE_PATTERN = /^[a-z][a-z0-9-]{1,62}$/

function purposeKey(purpose: string) {
  if (!PURPOSE_PATTERN.test(purpose)) throw new Error(`Invalid signed-link purpose "${purpose}"`)
  return createHmac('sha256', appKey.release()).update(`aip:${purpose}:v1`).digest()
}

function signatureOf(purpose: string, subject: string, expires: number) {
  return createHmac('sha256', purposeKey(purpose))
    .update(`${subject}.${expires}`)
    .digest('base64url')
}

/**
 * Signs `subject` (usually a row id) for `purpose` until `expiresAt`. Put the
 * returned `query` on the URL of the route that checks it with checkSignedLink.
 */
export function signLink(purpose: string, subject: string, expiresAt: Date): SignedLink {
  const expires = Math.floor(expiresAt.getTime() / 1000)
  const signature = signatureOf(purpose, subject, expires)
  return { expires, signature, query: `expires=${expires}&signature=${signature}` }
}

/**
 * Checks the `expires` and `signature` query values of a link signed by
 * signLink: the HMAC first (constant time), then the expiry.
 */
export function checkSignedLink(
  purpose: string,
  subject: string,
  expires: unknown,
  signature: unknown,
  now = Date.now()
): SignedLinkCheck {
  if (typeof expires !== 'string' || !/^\d{1,12}$/.test(expires)) return 'tampered'
  if (typeof signature !== 'string' || signature.length > 200) return 'tampered'
  const expected = Buffer.from(signatureOf(purpose, subject, Number(expires)))
  const given = Buffer.from(signature)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'tampered'
  return Number(expires) * 1000 <= now ? 'expired' : 'valid'
}
