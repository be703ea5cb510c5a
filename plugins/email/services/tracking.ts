import { appUrl, checkSignedLink, signLink } from '#sdk'

/** How long tracking links in sent mail keep working. */
const TRACKING_DAYS = 400

/** Opens and clicks this soon after the relay accepted the message are prefetches, not people. */
export const PREFETCH_SECONDS = 2

/**
 * User agents of machines that fetch mail content: Apple Mail Privacy
 * Protection's proxy (a bare `Mozilla/5.0`), link scanners and security
 * gateways, HTTP libraries, crawlers and preview bots.
 */
const MACHINE_AGENTS =
  /bot|crawl|spider|preview|scanner|safelinks|barracuda|proofpoint|mimecast|symantec|trendmicro|forcepoint|fortinet|sophos|python|curl|wget|go-http|java\/|okhttp|headless|phantomjs|slurp|facebookexternalhit/i

/** Whether an open or click came from a machine, and why (stored with the event). */
export function classifyFetch(input: {
  userAgent: string | undefined
  method: string
  sentAt: Date | null
  now?: Date
}): { machine: boolean; reason: string | null } {
  const agent = (input.userAgent ?? '').trim()
  if (!agent) return { machine: true, reason: 'no user agent' }
  if (agent === 'Mozilla/5.0')
    return { machine: true, reason: 'Apple Mail Privacy Protection proxy' }
  if (MACHINE_AGENTS.test(agent)) return { machine: true, reason: 'scanner or bot user agent' }
  if (input.method === 'HEAD') return { machine: true, reason: 'HEAD request' }
  const now = input.now ?? new Date()
  if (input.sentAt && now.getTime() - input.sentAt.getTime() < PREFETCH_SECONDS * 1000) {
    return { machine: true, reason: 'fetched right after delivery' }
  }
  return { machine: false, reason: null }
}

const expiry = () => new Date(Date.now() + TRACKING_DAYS * 86_400_000)

/** The open pixel URL of one sent message. */
export function openPixelUrl(workspaceId: string, sendId: string) {
  const link = signLink('email-open', `${workspaceId}.${sendId}`, expiry())
  return `${appUrl}/v1/email/t/open/${workspaceId}/${sendId}?${link.query}`
}

/** The click redirect URL of one link of one sent message (the target is signed too). */
export function clickUrl(workspaceId: string, sendId: string, target: string) {
  const link = signLink('email-click', `${workspaceId}.${sendId}.${target}`, expiry())
  return `${appUrl}/v1/email/t/click/${workspaceId}/${sendId}?u=${encodeURIComponent(target)}&${link.query}`
}

/** Checks a tracking link's signature (and the click target it covers). */
export function trackingLinkValid(
  kind: 'open' | 'click',
  workspaceId: string,
  sendId: string,
  query: { expires?: unknown; signature?: unknown; u?: unknown }
) {
  const subject =
    kind === 'open'
      ? `${workspaceId}.${sendId}`
      : `${workspaceId}.${sendId}.${String(query.u ?? '')}`
  return checkSignedLink(`email-${kind}`, subject, query.expires, query.signature) === 'valid'
}

/**
 * Rewrites the http(s) anchors of a rendered HTML part to click redirects
 * (never the unsubscribe link) and adds the open pixel before `</body>`.
 */
export function addTracking(
  html: string,
  workspaceId: string,
  sendId: string,
  unsubscribe: string
) {
  const decode = (value: string) => value.replace(/&amp;/g, '&')
  // Anchors only: a stylesheet <link href> (MJML's web fonts) stays as it is.
  const rewritten = html.replace(
    /(<a\b[^>]*?\bhref=")(https?:\/\/[^"]+)(")/gi,
    (match, start: string, url: string, end: string) => {
      const target = decode(url)
      if (target === unsubscribe) return match
      return `${start}${clickUrl(workspaceId, sendId, target).replace(/&/g, '&amp;')}${end}`
    }
  )
  const pixel = `<img src="${openPixelUrl(workspaceId, sendId).replace(/&/g, '&amp;')}" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0">`
  return /<\/body>/i.test(rewritten)
    ? rewritten.replace(/<\/body>/i, `${pixel}</body>`)
    : rewritten + pixel
}
