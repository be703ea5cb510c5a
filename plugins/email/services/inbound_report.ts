import { createHash } from 'node:crypto'
import { isUuid, rawQuery, tenant } from '#sdk'

/** The ledger row and contact an inbound report (bounce, complaint) is about. */
export interface ReportTarget {
  send: { id: string; campaign_id: string; contact_id: string } | undefined
  contact: { id: string; email: string } | undefined
}

/** The ledger row id in one of our Message-IDs (`<send id@domain>`), if it is one. */
function sendIdOf(messageId: string | null) {
  const local = messageId?.replace(/^<|>$/g, '').split('@', 1)[0]
  return local && isUuid(local) ? local : null
}

/**
 * What a bounce or complaint report is about, in the current workspace: the
 * send ledger row its Message-ID names, when the row's address is the
 * reported recipient (so a report cannot touch another recipient's row; a
 * complaint whose recipient was redacted, `email` null, takes the row as
 * named), else the contact with the reported address.
 */
export async function reportTarget(
  email: string | null,
  messageId: string | null
): Promise<ReportTarget> {
  const { trx } = tenant()
  const sendId = sendIdOf(messageId)
  const sends = sendId
    ? await rawQuery(
        trx,
        email
          ? `select id, campaign_id, contact_id from email_sends where id = ? and lower(email) = ?`
          : `select id, campaign_id, contact_id from email_sends where id = ?`,
        email ? [sendId, email] : [sendId]
      )
    : null
  const send = sends?.rows[0] as ReportTarget['send']
  if (!send && !email) return { send, contact: undefined }
  const contacts = await rawQuery(
    trx,
    send
      ? `select id, email from email_contacts where id = ?`
      : `select id, email from email_contacts where lower(email) = ?`,
    [send ? send.contact_id : email]
  )
  return { send, contact: contacts.rows[0] as ReportTarget['contact'] }
}

/** The key of a report's event: a SHA-256 of what identifies it (see recordedReport). */
export function reportKey(parts: unknown[]) {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex')
}

/**
 * The event an earlier delivery of the same report left (`email_events.report_key`,
 * unique per workspace), or undefined. Takes a transaction-scoped advisory
 * lock on the key first, so concurrent deliveries of one report are recorded
 * once: the second waits for the first to commit, then finds its event.
 */
export async function recordedReport(key: string) {
  const { trx, workspaceId } = tenant()
  await rawQuery(trx, `select pg_advisory_xact_lock(hashtextextended(?, 0))`, [
    `${workspaceId}:${key}`,
  ])
  const seen = await rawQuery(
    trx,
    `select send_id, contact_id, details from email_events where workspace_id = ? and report_key = ?`,
    [workspaceId, key]
  )
  return seen.rows[0] as
    | { send_id: string | null; contact_id: string | null; details: Record<string, unknown> }
    | undefined
}
