import { defineSchema, pageOf } from '#sdk'
import { supportTicketResource } from '../services/support_ticket_resource.js'

/** A support ticket; `admin_notes` is present only for workspace admins. */
const SupportTicket = supportTicketResource.schema

/** OpenAPI schemas of the support desk routes. */
export const supportSchemas = {
  SupportTicket,
  ticketPage: pageOf('SupportTicketPage', SupportTicket),
  received: defineSchema('SupportTicketReceived', {
    type: 'object',
    required: ['status'],
    properties: { status: { type: 'string', const: 'received' } },
  }),
}
