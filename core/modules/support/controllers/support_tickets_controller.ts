import type { HttpContext } from '@adonisjs/core/http'
import { mailLocale } from '#modules/mail/services/index'
import {
  Problem,
  keysetPage,
  NEWEST_FIRST,
  tenant,
  withAnonymous,
  requireCurrentRole,
  idParam,
  embedSession,
} from '#sdk'
import {
  createTicketValidator,
  embedTicketValidator,
  publicTicketValidator,
  ticketQueryValidator,
  triageTicketValidator,
} from '../validators/support_ticket_validator.js'
import {
  createAnonymousTicket,
  createMemberTicket,
  isSupportAdmin,
  requireAnonymousWorkspace,
  ticketColumns,
  triageTicket,
} from '../services/support_ticket_service.js'

/** What the public route answers, whether the ticket was stored or caught by the honeypot. */
const RECEIVED = { status: 'received' }

/**
 * Support tickets. Anonymous visitors file tickets into a workspace; members
 * file and follow their own; admins and owners see every ticket of the
 * workspace and triage them. `admin_notes` is only ever shown to admins.
 */
export default class SupportTicketsController {
  /**
   * Anonymous ticket. Always 202 with the same body, so bots cannot tell a
   * honeypot catch from a stored ticket; unknown workspaces answer 404.
   */
  async storePublic({ request, response }: HttpContext) {
    const input = await request.validateUsing(publicTicketValidator)
    response.status(202)
    if (input.website_url) return RECEIVED
    await withAnonymous(input.workspace_id, async () => {
      await requireAnonymousWorkspace()
      await createAnonymousTicket(input)
    })
    return RECEIVED
  }

  /**
   * Ticket from a support widget embedded on an allowed page. The embed key
   * middleware already runs this as app_anon in the key's workspace; same
   * honeypot and same 202 as the public route.
   */
  async storeEmbed({ request, response }: HttpContext) {
    const input = await request.validateUsing(embedTicketValidator)
    response.status(202)
    if (input.website_url) return RECEIVED
    // A signed-in end user (embed session) files under the identity the host verified.
    const session = embedSession()
    await createAnonymousTicket({
      ...input,
      name: session?.name ?? input.name,
      email: session?.email ?? input.email,
    })
    return RECEIVED
  }

  async store({ request, response }: HttpContext) {
    const input = await request.validateUsing(createTicketValidator)
    response.status(201)
    return createMemberTicket(input, {
      locale: mailLocale(null, request.header('accept-language')),
    })
  }

  /** Members: their own tickets. Admins: all of the workspace, with filters. Newest first. */
  async index({ request }: HttpContext) {
    const query = await ticketQueryValidator.validate(request.qs())
    const { trx, userId } = tenant()
    const builder = trx.from('support_tickets').select(ticketColumns())
    if (!isSupportAdmin()) builder.where('user_id', userId!)
    if (query.status) builder.where('status', query.status)
    if (query.priority) builder.where('priority', query.priority)
    if (query.user_id) builder.where('user_id', query.user_id)
    if (query.anonymous !== undefined) {
      if (query.anonymous) builder.whereNull('user_id')
      else builder.whereNotNull('user_id')
    }
    if (query.created_after) builder.where('created_at', '>=', query.created_after)
    if (query.created_before) builder.where('created_at', '<', query.created_before)
    return keysetPage(builder, {
      limit: query.limit,
      cursor: query.cursor,
      ...NEWEST_FIRST,
    })
  }

  async show({ params }: HttpContext) {
    const id = idParam(params, 'Ticket')
    const ticket = await tenant()
      .trx.from('support_tickets')
      .select(ticketColumns())
      .where('id', id)
      .first()
    if (!ticket) throw Problem.notFound('Ticket')
    return ticket
  }

  /** Triage (admins): status, priority and internal notes. */
  async update({ params, request }: HttpContext) {
    requireCurrentRole('admin')
    const id = idParam(params, 'Ticket')
    const input = await request.validateUsing(triageTicketValidator)
    const ticket = await triageTicket(id, input)
    if (!ticket) throw Problem.notFound('Ticket')
    return ticket
  }
}
