import { appUrl, signLink } from '#sdk'

/** The signed-link purpose of export downloads (its key is derived for this one use). */
export const EXPORT_DOWNLOAD_LINK = 'privacy-export-download'

/** Path (and query) of the signed download route of an export. */
export function signedDownloadPath(requestId: string, expiresAt: Date) {
  const link = signLink(EXPORT_DOWNLOAD_LINK, requestId, expiresAt)
  return `/v1/privacy/exports/${requestId}/download?${link.query}`
}

/** Absolute signed download URL of an export (APP_URL based). */
export function signedDownloadUrl(requestId: string, expiresAt: Date) {
  return appUrl.replace(/\/$/, '') + signedDownloadPath(requestId, expiresAt)
}
