import { createHmac, timingSafeEqual } from 'node:crypto'
import { appKey, appUrl } from '#sdk'

/** Key of the download signatures, derived from APP_KEY for this one purpose. */
function signingKey() {
  return createHmac('sha256', appKey.release()).update('aip:privacy-export-download:v1').digest()
}

function signatureOf(requestId: string, expiresAt: number) {
  return createHmac('sha256', signingKey()).update(`${requestId}.${expiresAt}`).digest('base64url')
}

/** Path (and query) of the signed download route of an export. */
export function signedDownloadPath(requestId: string, expiresAt: Date) {
  const expires = Math.floor(expiresAt.getTime() / 1000)
  return `/v1/privacy/exports/${requestId}/download?expires=${expires}&signature=${signatureOf(requestId, expires)}`
}

/** Absolute signed download URL of an export (APP_URL based). */
export function signedDownloadUrl(requestId: string, expiresAt: Date) {
  return appUrl.replace(/\/$/, '') + signedDownloadPath(requestId, expiresAt)
}

/** Outcome of checking a download link. */
export type DownloadCheck = 'valid' | 'tampered' | 'expired'

/**
 * Checks the HMAC of a download link first (a forged or edited link is
 * `tampered` whatever its date), then its expiry.
 */
export function checkDownloadSignature(
  requestId: string,
  expires: unknown,
  signature: unknown,
  now = Date.now()
): DownloadCheck {
  if (typeof expires !== 'string' || !/^\d{1,12}$/.test(expires)) return 'tampered'
  if (typeof signature !== 'string' || signature.length > 200) return 'tampered'
  const expected = Buffer.from(signatureOf(requestId, Number(expires)))
  const given = Buffer.from(signature)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'tampered'
  return Number(expires) * 1000 <= now ? 'expired' : 'valid'
}
