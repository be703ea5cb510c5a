import { createHash } from 'node:crypto'
import { simpleParser, type ParsedMail } from 'mailparser'
import { Problem, isUuid, rawQuery, tenant } from '#sdk'

/** A 422 problem for an inbound report the platform cannot act on. */
export const unprocessableReport = (detail: string) =>
  new Problem(422, 'unprocessable-report', 'Unprocessable Entity', detail)

/** What readMailReport found in a `multipart/report` message. */
export interface MailReport {
  /** The machine-readable part (`message/delivery-status`, `message/feedback-report`), as text. */
  fields: string
  /** The returned message (whole or its headers), parsed, when the report carries it. */
  original: ParsedMail | null
  /** The report's own Message-ID, else a SHA-256 of the raw message: what a repeat has too. */
  reportId: string
}

/**
 * Reads a `multipart/report` message (RFC 6522) of one `report-type` with
 * mailparser, as inbound relays post them raw: its machine-readable part and
 * the returned message (`message/rfc822` or `text/rfc822-headers`). A 422
 * problem, named by `what`, for an empty body, another kind of message or a
 * report without its part.
 */
export async function readMailReport(
  raw: string,
  reportType: 'delivery-status' | 'feedback-report',
  what: string
): Promise<MailReport> {
  if (!raw.trim()) {
    throw unprocessableReport('The body is empty: post the report as message/rfc822')
  }
  const mail = await simpleParser(raw, { keepDeliveryStatus: true, skipHtmlToText: true })
  const type = mail.headers.get('content-type') as
    { value?: string; params?: Record<string, string> } | undefined
  if (
    type?.value?.toLowerCase() !== 'multipart/report' ||
    type.params?.['report-type']?.toLowerCase() !== reportType
  ) {
    throw unprocessableReport(
      `Not ${what}: the message must be multipart/report; report-type=${reportType}`
    )
  }
  const part = mail.attachments.find(
    (attachment) => attachment.contentType.toLowerCase() === `message/${reportType}`
  )
  if (!part) throw unprocessableReport(`The report has no message/${reportType} part`)
  const returned = mail.attachments.find((attachment) =>
    ['message/rfc822', 'text/rfc822-headers'].includes(attachment.contentType.toLowerCase())
  )
  return {
    fields: part.content.toString('utf8'),
    original: returned ? await simpleParser(returned.content) : null,
    reportId: mail.messageId ?? createHash('sha256').update(raw).digest('hex'),
  }
}

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
