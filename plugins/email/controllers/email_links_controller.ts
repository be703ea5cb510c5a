import type { HttpContext } from '@adonisjs/core/http'
import { Problem, isUuid, withAnonymous } from '#sdk'
import { requireSignedLink } from '../services/links.js'
import { suppress } from '../services/suppression_service.js'

const escape = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)

/** A minimal page (no script, no inline style: it works under a strict CSP). */
function page(title: string, body: string) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escape(title)}</title></head><body><main><h1>${escape(title)}</h1>${body}</main></body></html>`
}

function linkIds(params: Record<string, unknown>) {
  const { workspaceId, id } = params as { workspaceId: string; id: string }
  if (!isUuid(workspaceId) || !isUuid(id)) throw Problem.notFound('Link')
  return { workspaceId, id }
}

function formPage(ctx: HttpContext, title: string, question: string, button: string) {
  const action = escape(ctx.request.url(true))
  ctx.response.header('content-type', 'text/html; charset=utf-8')
  ctx.response.header('cache-control', 'no-store')
  return page(
    title,
    `<p>${escape(question)}</p><form method="post" action="${action}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">${escape(button)}</button></form>`
  )
}

/**
 * The public links in mail, signed per workspace and row. A GET never changes
 * anything (link scanners and previews follow links): it shows a page whose
 * button POSTs. The POST acts at once (RFC 8058 one-click for unsubscribes).
 */
export default class EmailLinksController {
  async unsubscribePage(ctx: HttpContext) {
    const { workspaceId, id } = linkIds(ctx.params)
    requireSignedLink('email-unsubscribe', workspaceId, id, ctx.request.qs())
    return formPage(ctx, 'Unsubscribe', 'Stop receiving these e-mails?', 'Unsubscribe')
  }

  async unsubscribe({ params, request, response }: HttpContext) {
    const { workspaceId, id } = linkIds(params)
    requireSignedLink('email-unsubscribe', workspaceId, id, request.qs())
    await withAnonymous(workspaceId, async ({ trx }) => {
      const send = await trx
        .from('email_sends')
        .select('id', 'campaign_id', 'contact_id')
        .where('id', id)
        .first()
      if (!send) throw Problem.notFound('Link')
      const contact = await trx
        .from('email_contacts')
        .select('id', 'email', 'subscription_status')
        .where('id', send.contact_id)
        .first()
      if (!contact) throw Problem.notFound('Link')
      if (contact.subscription_status === 'unsubscribed') return
      await suppress(contact, 'unsubscribed', send)
    })
    response.header('content-type', 'text/html; charset=utf-8')
    response.header('cache-control', 'no-store')
    return page('Unsubscribed', '<p>You will not receive these e-mails any more.</p>')
  }

  async confirmPage(ctx: HttpContext) {
    const { workspaceId, id } = linkIds(ctx.params)
    requireSignedLink('email-confirm', workspaceId, id, ctx.request.qs())
    return formPage(
      ctx,
      'Confirm your subscription',
      'Receive our e-mails at this address?',
      'Confirm'
    )
  }

  async confirm({ params, request, response }: HttpContext) {
    const { workspaceId, id } = linkIds(params)
    requireSignedLink('email-confirm', workspaceId, id, request.qs())
    await withAnonymous(workspaceId, async ({ trx }) => {
      const contact = await trx
        .from('email_contacts')
        .select('id', 'subscription_status')
        .where('id', id)
        .first()
      if (!contact) throw Problem.notFound('Link')
      // Only a pending contact is confirmed: an unsubscribed one stays out.
      if (contact.subscription_status === 'pending') {
        await trx
          .from('email_contacts')
          .where('id', id)
          .update({ subscription_status: 'subscribed', confirmed_at: new Date() })
      }
    })
    response.header('content-type', 'text/html; charset=utf-8')
    response.header('cache-control', 'no-store')
    return page('Subscription confirmed', '<p>Thank you: your subscription is confirmed.</p>')
  }
}
