import { appUrl, checkSignedLink, Problem, signLink } from '#sdk'

/** How long unsubscribe links in sent mail keep working (receivers keep mail for long). */
const UNSUBSCRIBE_DAYS = 400
/** How long an opt-in confirmation link works. */
const CONFIRM_DAYS = 7

function signed(purpose: string, workspaceId: string, id: string, days: number, path: string) {
  const link = signLink(purpose, `${workspaceId}.${id}`, new Date(Date.now() + days * 86_400_000))
  return `${appUrl}/v1/email/${path}/${workspaceId}/${id}?${link.query}`
}

/** The RFC 8058 one-click unsubscribe URL of one sent message (its ledger row). */
export function unsubscribeUrl(workspaceId: string, sendId: string) {
  return signed('email-unsubscribe', workspaceId, sendId, UNSUBSCRIBE_DAYS, 'unsubscribe')
}

/** The double opt-in confirmation URL of a pending contact. */
export function confirmUrl(workspaceId: string, contactId: string) {
  return signed('email-confirm', workspaceId, contactId, CONFIRM_DAYS, 'confirm')
}

/** How long the inbound bounce links given to a relay work (ask for new ones before then). */
const BOUNCE_LINK_DAYS = 365

/**
 * The workspace's inbound report links: the relay posts delivery status
 * notifications and feedback-loop reports to theirs, a provider its bounce
 * and complaint JSON to the webhook ones. All carry
 * one signature of the workspace, so they are the workspace's inbound secret:
 * asking again gives links with a later expiry; the old ones work until theirs.
 */
export function bounceEndpoints(workspaceId: string) {
  const expiresAt = new Date(Date.now() + BOUNCE_LINK_DAYS * 86_400_000)
  const link = signLink('email-bounces', workspaceId, expiresAt)
  const base = `${appUrl}/v1/email`
  return {
    dsn_url: `${base}/bounces/dsn/${workspaceId}?${link.query}`,
    webhook_url: `${base}/bounces/webhook/${workspaceId}?${link.query}`,
    feedback_report_url: `${base}/complaints/arf/${workspaceId}?${link.query}`,
    complaint_webhook_url: `${base}/complaints/webhook/${workspaceId}?${link.query}`,
    expires_at: expiresAt.toISOString(),
  }
}

/** Checks an inbound report link (bounces, complaints); 404 for a forged or expired one. */
export function requireBounceLink(
  workspaceId: string,
  query: { expires?: unknown; signature?: unknown }
) {
  const check = checkSignedLink('email-bounces', workspaceId, query.expires, query.signature)
  if (check !== 'valid') throw Problem.notFound('Link')
}

/** Checks a public link; 404 for a forged or expired one (nothing is disclosed). */
export function requireSignedLink(
  purpose: 'email-unsubscribe' | 'email-confirm',
  workspaceId: string,
  id: string,
  query: { expires?: unknown; signature?: unknown }
) {
  const check = checkSignedLink(purpose, `${workspaceId}.${id}`, query.expires, query.signature)
  if (check !== 'valid') throw Problem.notFound('Link')
}
