import type { HttpContext } from '@adonisjs/core/http'
import { Problem, isUuid, rawQuery, withAnonymous } from '#sdk'
import { classifyFetch, trackingLinkValid } from '../services/tracking.js'

/** A transparent 1×1 GIF. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64')

function ids(params: Record<string, unknown>) {
  const { workspaceId, id } = params as { workspaceId: string; id: string }
  if (!isUuid(workspaceId) || !isUuid(id)) throw Problem.notFound('Link')
  return { workspaceId, id }
}

/** Records an open or click of a sent message, labelled human or machine. */
async function record(
  ctx: HttpContext,
  workspaceId: string,
  sendId: string,
  event: 'opened' | 'clicked',
  url: string | null
) {
  await withAnonymous(workspaceId, async ({ trx }) => {
    const send = await trx
      .from('email_sends')
      .select('id', 'campaign_id', 'contact_id', 'sent_at')
      .where('id', sendId)
      .first()
    if (!send) return
    const verdict = classifyFetch({
      userAgent: ctx.request.header('user-agent'),
      method: ctx.request.method(),
      sentAt: send.sent_at,
    })
    await rawQuery(
      trx,
      `insert into email_events (workspace_id, campaign_id, send_id, contact_id, event_type,
         is_machine, url, user_agent, details)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)`,
      [
        workspaceId,
        send.campaign_id,
        send.id,
        send.contact_id,
        event,
        verdict.machine,
        url,
        (ctx.request.header('user-agent') ?? '').slice(0, 500) || null,
        JSON.stringify(verdict.reason ? { machine_reason: verdict.reason } : {}),
      ]
    )
  })
}

/**
 * The open pixel and click redirects of campaign mail. Both are signed per
 * message (a click link also signs its target, so it is no open redirect) and
 * record an event labelled human or machine (Apple MPP, scanners, prefetch).
 */
export default class EmailTrackingController {
  async open(ctx: HttpContext) {
    const { workspaceId, id } = ids(ctx.params)
    if (!trackingLinkValid('open', workspaceId, id, ctx.request.qs()))
      throw Problem.notFound('Link')
    await record(ctx, workspaceId, id, 'opened', null)
    ctx.response.header('content-type', 'image/gif')
    ctx.response.header('cache-control', 'no-store, max-age=0')
    return ctx.response.send(PIXEL)
  }

  async click(ctx: HttpContext) {
    const { workspaceId, id } = ids(ctx.params)
    const query = ctx.request.qs()
    if (!trackingLinkValid('click', workspaceId, id, query)) throw Problem.notFound('Link')
    const target = String(query.u)
    if (!/^https?:\/\//i.test(target)) throw Problem.notFound('Link')
    await record(ctx, workspaceId, id, 'clicked', target.slice(0, 2000))
    ctx.response.header('cache-control', 'no-store')
    return ctx.response.redirect(target)
  }
}
