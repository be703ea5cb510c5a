import { defineSchema, pageOf } from '#sdk'

const uuid = { type: 'string', format: 'uuid' }
const nullableTimestamp = { type: ['string', 'null'], format: 'date-time' }

/** A support ticket; `admin_notes` is present only for workspace admins. */
const SupportTicket = defineSchema('SupportTicket', {
  type: 'object',
  required: ['id', 'workspace_id', 'email', 'name', 'subject', 'message', 'status', 'priority'],
  properties: {
    id: uuid,
    workspace_id: uuid,
    user_id: {
      type: ['string', 'null'],
      format: 'uuid',
      description: 'Null for anonymous tickets',
    },
    email: { type: ['string', 'null'], description: 'Null once the requester’s account is erased' },
    name: { type: ['string', 'null'], description: 'Null once the requester’s account is erased' },
    subject: { type: 'string' },
    message: {
      type: ['string', 'null'],
      description: 'Null once the requester’s account is erased',
    },
    status: { type: 'string', enum: ['open', 'in_progress', 'resolved', 'closed'] },
    priority: { type: 'string', enum: ['low', 'normal', 'high', 'urgent'] },
    admin_notes: {
      type: ['string', 'null'],
      description: 'Internal notes: only returned to admins and owners of the workspace',
    },
    created_at: nullableTimestamp,
    updated_at: nullableTimestamp,
    resolved_at: nullableTimestamp,
  },
})

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
