import router from '@adonisjs/core/services/router'
import { uuidParams } from '#sdk'
import { publicTicketThrottle } from './services/throttles.js'
import { supportSchemas } from './openapi/support_schemas.js'
import {
  createTicketValidator,
  embedTicketValidator,
  publicTicketValidator,
  ticketQueryValidator,
  triageTicketValidator,
} from './validators/support_ticket_validator.js'

const SupportTicketsController = () => import('./controllers/support_tickets_controller.js')

const idParams = uuidParams()

/** Support tickets: anonymous filing, members' own tickets, admin triage. */
export default function registerSupportRoutes() {
  router
    .post('/support/tickets/public', [SupportTicketsController, 'storePublic'])
    .use(publicTicketThrottle)
    .openapi({
      operationId: 'core.support_tickets.create_public',
      summary: 'File a support ticket without an account (rate limited per IP and workspace)',
      description:
        'Leave `website_url` empty: it is a honeypot. The answer is the same 202 whether the ticket was stored or discarded.',
      tag: 'Support',
      auth: 'none',
      body: publicTicketValidator,
      responses: {
        202: { description: 'Received', schema: supportSchemas.received },
        404: { description: 'No such workspace' },
        429: { description: 'Too many tickets from this address' },
      },
    })

  router.post('/embed/support/tickets', [SupportTicketsController, 'storeEmbed']).openapi({
    operationId: 'core.support_tickets.create_embed',
    summary: 'File a support ticket from a widget embedded on an allowed page',
    description:
      "Needs an embed key with `support:submit`, called from one of its allowed origins; the ticket lands in the key's workspace. Leave `website_url` empty: it is a honeypot. The answer is the same 202 whether the ticket was stored or discarded. With an embed session token (optional), the ticket is filed under the session's verified name and e-mail (they win over the body's).",
    tag: 'Support',
    auth: 'embed',
    capability: 'support:submit',
    session: 'optional',
    body: embedTicketValidator,
    responses: {
      202: { description: 'Received', schema: supportSchemas.received },
    },
  })

  router.group(() => {
    router.post('/support/tickets', [SupportTicketsController, 'store']).openapi({
      operationId: 'core.support_tickets.create',
      summary: 'File a support ticket as the signed-in user',
      tag: 'Support',
      scope: 'support:write',
      body: createTicketValidator,
      responses: { 201: { description: 'Created', schema: supportSchemas.SupportTicket } },
    })
    router.get('/support/tickets', [SupportTicketsController, 'index']).openapi({
      operationId: 'core.support_tickets.list',
      summary: 'Your tickets; admins and owners: every ticket of the workspace',
      tag: 'Support',
      scope: 'support:read',
      query: ticketQueryValidator,
      responses: {
        200: {
          description: 'A page of tickets, newest first',
          schema: supportSchemas.ticketPage,
        },
      },
    })
    router.get('/support/tickets/:id', [SupportTicketsController, 'show']).openapi({
      operationId: 'core.support_tickets.show',
      summary: 'One ticket (yours, or any for admins)',
      tag: 'Support',
      scope: 'support:read',
      params: idParams,
      responses: { 200: { description: 'The ticket', schema: supportSchemas.SupportTicket } },
    })
    router.patch('/support/tickets/:id', [SupportTicketsController, 'update']).openapi({
      operationId: 'core.support_tickets.triage',
      summary: 'Triage a ticket: status, priority, internal notes (admins)',
      tag: 'Support',
      scope: 'support:write',
      params: idParams,
      body: triageTicketValidator,
      responses: {
        200: { description: 'Updated', schema: supportSchemas.SupportTicket },
        403: { description: 'Not an admin of the workspace' },
      },
    })
  })
}
