import type { ParsedMail } from 'mailparser'
import { emitEvent, rawQuery, tenant } from '#sdk'
import {
  readMailReport,
  recordedReport,
  reportKey,
  reportTarget,
  unprocessableReport,
} from './inbound_report.js'
import { suppress } from './suppression_service.js'

/** One spam complaint, from a feedback-loop report (RFC 5965) or a provider webhook. */
export interface Complaint {
  /** The complaining recipient; null when the mailbox provider redacted it. */
  recipient: string | null
  /** Message-ID of the message complained about (ours: `<send id@domain>`), when known. */
  messageId: string | null
  /** RFC 5965 Feedback-Type (`abuse`, `fraud`, `virus`, `other`, `not-spam`). */
  feedbackType: string
  /** The report's own id (its Message-ID, else a digest; a webhook's event id), or null. */
  reportId: string | null
  source: 'arf' | 'webhook'
}

/** What recording one complaint did. */
export interface ComplaintOutcome {
  recipient: string | null
  feedback_type: string
  send_id: string | null
  contact_id: string | null
  suppressed: boolean
  duplicate: boolean
}

/** The fields of a `message/feedback-report` part (RFC 5965 §3.1), names lower-cased. */
function feedbackFields(body: string) {
  const fields: Record<string, string> = {}
  for (const line of body
    .replace(/\r\n/g, '\n')
    .replace(/\n[ \t]+/g, ' ')
    .split('\n')) {
    const colon = line.indexOf(':')
    if (colon <= 0) continue
    const name = line.slice(0, colon).trim().toLowerCase()
    fields[name] ??= line.slice(colon + 1).trim()
  }
  return fields
}

/** `<ada@example.org>` → `ada@example.org`; null for an empty or redacted value. */
function addressOf(value: string | undefined) {
  const address = value?.trim().replace(/^<|>$/g, '').toLowerCase()
  return address && /^[^@\s]+@[^@\s]+$/.test(address) ? address : null
}

/**
 * Reads an RFC 5965 feedback report (ARF: `multipart/report;
 * report-type=feedback-report`, raw), as mailbox providers send them through
 * feedback loops: its type, the complaining recipient (Original-Rcpt-To, else
 * the returned message's To, unless redacted) and the Message-ID of the
 * message complained about (from its `message/rfc822` or
 * `text/rfc822-headers` part). Anything else is a 422: not a feedback report,
 * no report part, or neither a recipient nor a Message-ID to act on.
 */
export async function parseFeedbackReport(raw: string): Promise<Complaint> {
  const report = await readMailReport(raw, 'feedback-report', 'a feedback report')
  const fields = feedbackFields(report.fields)
  const original = report.original
  const messageId = original?.messageId ?? null
  const recipient =
    addressOf(fields['original-rcpt-to']) ?? addressOf(original?.to && firstAddress(original.to))
  if (!recipient && !messageId) {
    throw unprocessableReport(
      'The report names neither the recipient (Original-Rcpt-To) nor the Message-ID of the message'
    )
  }
  return {
    recipient,
    messageId,
    feedbackType: (fields['feedback-type'] ?? 'abuse').toLowerCase().slice(0, 40),
    reportId: report.reportId,
    source: 'arf',
  }
}

/** The first address of a parsed To header. */
function firstAddress(to: NonNullable<ParsedMail['to']>) {
  const list = Array.isArray(to) ? to : [to]
  return list[0]?.value[0]?.address
}

/**
 * The key of a complaint's event, as bounceKey is a bounce's: the same report
 * (or, without a report id, the same Message-ID) for the same recipient gives
 * the same key; null when neither id is known.
 */
function complaintKey(complaint: Complaint) {
  if (!complaint.reportId && !complaint.messageId) return null
  return reportKey([
    'complaint',
    complaint.source,
    complaint.reportId,
    complaint.messageId,
    complaint.recipient,
  ])
}

/**
 * Records one complaint in the current workspace transaction. A `not-spam`
 * report (the person took it back) changes nothing; any other
 * type suppresses the address at once: the contact becomes `complained`
 * (through `suppress`, which emits `email_contact.unsubscribed` with reason
 * `complained`), or, for an address that is no contact, the address is
 * suppressed with a `complained` event. Tied to the send ledger row like a
 * bounce (reportTarget), so campaign stats count it. A report seen before
 * changes nothing and is answered as a duplicate.
 */
export async function recordComplaint(complaint: Complaint): Promise<ComplaintOutcome> {
  const { trx, workspaceId } = tenant()
  const key = complaintKey(complaint)
  const earlier = key ? await recordedReport(key) : undefined
  if (earlier) {
    return {
      recipient: complaint.recipient,
      feedback_type: complaint.feedbackType,
      send_id: earlier.send_id,
      contact_id: earlier.contact_id,
      suppressed: earlier.details.suppressed === true,
      duplicate: true,
    }
  }
  const { send, contact } = await reportTarget(complaint.recipient, complaint.messageId)
  const address = contact?.email.toLowerCase() ?? complaint.recipient
  if (complaint.feedbackType === 'not-spam' || !address) {
    // Taken back, or about no address of this workspace: nothing to act on or count.
    return {
      recipient: complaint.recipient,
      feedback_type: complaint.feedbackType,
      send_id: send?.id ?? null,
      contact_id: contact?.id ?? null,
      suppressed: false,
      duplicate: false,
    }
  }
  const details = {
    feedback_type: complaint.feedbackType,
    source: complaint.source,
    suppressed: true,
  }
  if (contact) {
    await suppress(contact, 'complained', send ?? null, details, key)
  } else {
    await rawQuery(
      trx,
      `insert into email_events (workspace_id, campaign_id, send_id, contact_id, event_type, details, report_key)
       values (?, ?, ?, ?, 'complained', ?::jsonb, ?)`,
      [workspaceId, send?.campaign_id ?? null, send?.id ?? null, null, JSON.stringify(details), key]
    )
    await rawQuery(
      trx,
      `insert into email_suppressions (workspace_id, email, reason) values (?, ?, 'complained')
       on conflict (workspace_id, lower(email)) do nothing`,
      [workspaceId, address]
    )
  }
  await emitEvent('email_contact.complained', {
    contact_id: contact?.id ?? null,
    campaign_id: send?.campaign_id ?? null,
    send_id: send?.id ?? null,
    feedback_type: complaint.feedbackType,
    suppressed: true,
  })
  return {
    recipient: complaint.recipient,
    feedback_type: complaint.feedbackType,
    send_id: send?.id ?? null,
    contact_id: contact?.id ?? null,
    suppressed: true,
    duplicate: false,
  }
}
