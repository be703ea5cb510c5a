import { column, defineResource } from '#sdk'
import { TICKET_PRIORITIES, TICKET_STATUSES } from '../validators/support_ticket_validator.js'

const erased = 'Null once the requester’s account is erased'

/**
 * A support ticket (table `support_tickets`) as the API returns it: the one
 * place that lists its columns. The select lists, `SupportTicketRow` and the
 * `SupportTicket` OpenAPI schema derive from it. `admin_notes` is only
 * selected for admins (see `ticketColumns`).
 */
export const supportTicketResource = defineResource({
  name: 'SupportTicket',
  table: 'support_tickets',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid().required(),
    user_id: column.uuid().nullable().openapi({ description: 'Null for anonymous tickets' }),
    end_user_id: column.uuid().nullable().openapi({
      description: 'The embed end user who filed it through a widget with a session; else null',
    }),
    email: column.text().nullable().required().openapi({ description: erased }),
    name: column.text().nullable().required().openapi({ description: erased }),
    subject: column.text().required(),
    message: column.text().nullable().required().openapi({ description: erased }),
    status: column.enum(TICKET_STATUSES).required().openapi({ type: 'string' }),
    priority: column.enum(TICKET_PRIORITIES).required().openapi({ type: 'string' }),
    admin_notes: column.text().nullable().openapi({
      description: 'Internal notes: only returned to admins and owners of the workspace',
    }),
    created_at: column.timestamp().nullable(),
    updated_at: column.timestamp().nullable(),
    resolved_at: column.timestamp().nullable(),
  },
})

/** A ticket row as selected (`admin_notes` absent for non-admins). */
export type SupportTicketRow = typeof supportTicketResource.$row
