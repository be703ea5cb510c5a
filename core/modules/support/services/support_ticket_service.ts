import { randomUUID } from 'node:crypto'
import { Problem, tenant, rawQuery, roleAtLeast, emitEvent } from '#sdk'
import { supportTicketResource } from './support_ticket_resource.js'
import { queueTransactionalMail, type MailLocale } from '#modules/mail/services/index'

/** Columns every requester sees; admins also see `admin_notes` (selected last). */
const TICKET_COLUMNS = supportTicketResource.columns.filter((name) => name !== 'admin_notes')

/** Whether the caller triages the workspace's tickets (admins and owners). */
export function isSupportAdmin() {
  return roleAtLeast(tenant().workspaceRole, 'admin')
}

/** The columns the caller may read: admin_notes only for admins. */
export function ticketColumns() {
  return isSupportAdmin() ? [...TICKET_COLUMNS, 'admin_notes'] : TICKET_COLUMNS
}

/**
 * 404 unless the current (app_anon) context's workspace exists: the public
 * route takes the workspace from the visitor's input. (The embed route needs
 * no check: its workspace is the embed key's.)
 */
export async function requireAnonymousWorkspace() {
  const { trx, workspaceId } = tenant()
  const exists = await rawQuery(trx, 'select app.workspace_exists(?::uuid) as ok', [workspaceId])
  if (!exists.rows[0].ok) throw Problem.notFound('Workspace')
}

/**
 * Stores an anonymous ticket in the current (app_anon) context's workspace,
 * linked to the embed session's end user when there is one. The id is
 * generated here because app_anon may insert but not read tickets (except an
 * end user's own).
 */
export async function createAnonymousTicket(
  input: {
    name: string
    email: string
    subject: string
    message: string
  },
  endUserId: string | null = null
) {
  const { trx, workspaceId } = tenant()
  const id = randomUUID()
  await rawQuery(
    trx,
    `insert into support_tickets (id, workspace_id, user_id, end_user_id, email, name, subject, message)
     values (?, ?, null, ?, ?, ?, ?, ?)`,
    [id, workspaceId, endUserId, input.email, input.name, input.subject, input.message]
  )
  await emitEvent('support.ticket_created', ticketEvent({ id, user_id: null }))
  return id
}

/**
 * Data of the support webhook events: ids and triage state only. Receivers
 * are third parties; the requester's name, e-mail and message stay here.
 */
function ticketEvent(ticket: Record<string, unknown>, changes?: string[]) {
  return {
    ticket_id: ticket.id,
    user_id: ticket.user_id ?? null,
    anonymous: !ticket.user_id,
    status: ticket.status ?? 'open',
    priority: ticket.priority ?? 'normal',
    ...(changes ? { changes } : {}),
  }
}

/** Stores a ticket of the signed-in user, named and addressed after their account by default. */
export async function createMemberTicket(
  input: {
    name?: string
    email?: string
    subject: string
    message: string
  },
  options: { locale?: MailLocale } = {}
) {
  const { trx, workspaceId, userId } = tenant()
  const result = await rawQuery(
    trx,
    `insert into support_tickets (workspace_id, user_id, email, name, subject, message)
     select ?, u.id, coalesce(?, u.email), coalesce(?, nullif(btrim(u.full_name), ''), split_part(u.email, '@', 1)), ?, ?
       from users u where u.id = ?
     returning ${ticketColumns().join(', ')}`,
    [workspaceId, input.email ?? null, input.name ?? null, input.subject, input.message, userId]
  )
  await emitEvent('support.ticket_created', ticketEvent(result.rows[0]))
  // The confirmation goes to the member's own account address (never to an
  // address typed in the form), in the same transaction as the ticket.
  const member = await trx.from('users').select('email').where('id', userId!).first()
  if (member?.email) {
    await queueTransactionalMail('support_ticket_received', member.email, {
      locale: options.locale,
      values: { subject: input.subject, ticket_id: result.rows[0].id },
    })
  }
  return result.rows[0]
}

/**
 * Applies an admin's triage (status, priority, notes) to a ticket; null when
 * the ticket is not in the workspace. resolved_at follows the status (trigger).
 */
export async function triageTicket(
  id: string,
  changes: { status?: string; priority?: string; admin_notes?: string | null }
) {
  const { trx } = tenant()
  const update: Record<string, unknown> = {}
  for (const key of ['status', 'priority', 'admin_notes'] as const) {
    if (changes[key] !== undefined) update[key] = changes[key]
  }
  const query = trx.from('support_tickets').where('id', id)
  if (!Object.keys(update).length) {
    return query.select(ticketColumns()).first()
  }
  const rows = await query.update(update).returning(ticketColumns())
  if (rows[0]) await emitEvent('support.ticket_updated', ticketEvent(rows[0], Object.keys(update)))
  return rows[0] ?? null
}
