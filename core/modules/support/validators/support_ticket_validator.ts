import vine from '@vinejs/vine'
import { pageQuery, isoTimestamp } from '#sdk'

/** Ticket statuses (seed CHECK). */
export const TICKET_STATUSES = ['open', 'in_progress', 'resolved', 'closed'] as const
/** Ticket priorities (seed CHECK). */
export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const

const email = () => vine.string().trim().email().maxLength(254)
const name = () => vine.string().trim().minLength(1).maxLength(200)
const subject = () => vine.string().trim().minLength(1).maxLength(300)
const message = () => vine.string().trim().minLength(1).maxLength(20000)

/**
 * Body of POST /v1/support/tickets/public (anonymous). `website_url` is a
 * honeypot: people never see it, bots fill it in.
 */
export const publicTicketValidator = vine.create({
  workspace_id: vine.string().uuid(),
  name: name(),
  email: email(),
  subject: subject(),
  message: message(),
  website_url: vine.string().maxLength(2000).optional(),
})

/**
 * Body of POST /v1/embed/support/tickets (support widget on an allowed page):
 * the public form without `workspace_id`, which comes from the embed key.
 * Same honeypot.
 */
export const embedTicketValidator = vine.create({
  name: name(),
  email: email(),
  subject: subject(),
  message: message(),
  website_url: vine.string().maxLength(2000).optional(),
})

/**
 * Body of POST /v1/embed/support/tickets with an end-user session: name and
 * e-mail come from the session token; sent ones are used only when the token
 * has none.
 */
export const embedSessionTicketValidator = vine.create({
  name: name().optional(),
  email: email().optional(),
  subject: subject(),
  message: message(),
  website_url: vine.string().maxLength(2000).optional(),
})

/** Query of GET /v1/embed/support/tickets (the session end user's own tickets). */
export const embedTicketQueryValidator = vine.create({
  ...pageQuery,
  status: vine.enum(TICKET_STATUSES).optional(),
})

/** Body of POST /v1/support/tickets (signed in; name and e-mail default to the account's). */
export const createTicketValidator = vine.create({
  name: name().optional(),
  email: email().optional(),
  subject: subject(),
  message: message(),
})

/** Body of PATCH /v1/support/tickets/:id (admins triage). */
export const triageTicketValidator = vine.create({
  status: vine.enum(TICKET_STATUSES).optional(),
  priority: vine.enum(TICKET_PRIORITIES).optional(),
  admin_notes: vine.string().maxLength(20000).nullable().optional(),
})

/** Query of GET /v1/support/tickets. */
export const ticketQueryValidator = vine.create({
  ...pageQuery,
  status: vine.enum(TICKET_STATUSES).optional(),
  priority: vine.enum(TICKET_PRIORITIES).optional(),
  /** Admins: only tickets of this requester. */
  user_id: vine.string().uuid().optional(),
  /** Admins: only anonymous tickets (true) or only members' tickets (false). */
  anonymous: vine.boolean().optional(),
  created_after: isoTimestamp().optional(),
  created_before: isoTimestamp().optional(),
})
