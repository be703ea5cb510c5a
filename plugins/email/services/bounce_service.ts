import { emitEvent, rawQuery, tenant } from '#sdk'
import emailConfig from '../email_config.js'
import {
  readMailReport,
  recordedReport,
  reportKey,
  reportTarget,
  unprocessableReport,
} from './inbound_report.js'
import { suppress } from './suppression_service.js'

/** Hard: the address is refused for good (5.x.x). Soft: a temporary failure (4.x.x). */
export type BounceKind = 'hard' | 'soft'

/** One bounced recipient, from a delivery status notification or a provider webhook. */
export interface Bounce {
  recipient: string
  kind: BounceKind
  /** RFC 3463 enhanced status code (`5.1.1`), when given. */
  status: string | null
  diagnostic: string | null
  /** Message-ID of the message that bounced (ours: `<send id@domain>`), when known. */
  messageId: string | null
  source: 'dsn' | 'webhook'
  /**
   * What identifies the report itself, so that a repeated delivery of it is
   * recognised: the notification's own Message-ID (else a digest of the raw
   * message), or the provider's event id. Null when nothing does.
   */
  reportId: string | null
}

/** What recording one bounce did. */
export interface BounceOutcome {
  recipient: string
  kind: BounceKind
  status: string | null
  send_id: string | null
  contact_id: string | null
  suppressed: boolean
  /** This report was recorded before: nothing changed. */
  duplicate: boolean
}

const STATUS_CODE = /\b([245])\.\d{1,3}\.\d{1,3}\b/
const SMTP_REPLY = /\b([245])\d\d\b/

/**
 * Hard or soft from an RFC 3463 status (`5.x.x` hard, `4.x.x` soft), else
 * from an SMTP reply code in the diagnostic; null when neither says (or the
 * status is a success).
 */
export function classifyBounce(
  status: string | null,
  diagnostic: string | null
): BounceKind | null {
  const code = status?.match(STATUS_CODE)?.[1] ?? diagnostic?.match(STATUS_CODE)?.[1]
  const reply = code ?? diagnostic?.match(SMTP_REPLY)?.[1]
  if (reply === '5') return 'hard'
  if (reply === '4') return 'soft'
  return null
}

/**
 * The field groups of a `message/delivery-status` body (RFC 3464 §2.1): the
 * per-message group first, then one group per recipient; names lower-cased,
 * folded lines joined.
 */
function deliveryStatusGroups(body: string): Array<Record<string, string>> {
  return body
    .replace(/\r\n/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((block) => {
      const fields: Record<string, string> = {}
      for (const line of block.replace(/\n[ \t]+/g, ' ').split('\n')) {
        const colon = line.indexOf(':')
        if (colon <= 0) continue
        fields[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
      }
      return fields
    })
    .filter((fields) => Object.keys(fields).length > 0)
}

/** `rfc822; ada@example.org` → `ada@example.org`. */
const addressOf = (field: string | undefined) =>
  field
    ?.replace(/^[^;]*;/, '')
    .trim()
    .replace(/^<|>$/g, '') || null

/**
 * Reads an RFC 3464 delivery status notification (a `multipart/report;
 * report-type=delivery-status` message, raw) with mailparser: its failed and
 * delayed recipients, classified, and the Message-ID of the returned message
 * (from its `message/rfc822` or `text/rfc822-headers` part). Anything else is
 * a 422: not a report, no status part, no recipient with a failure status.
 */
export async function parseDeliveryReport(raw: string): Promise<Bounce[]> {
  const report = await readMailReport(raw, 'delivery-status', 'a delivery status notification')
  const messageId = report.original?.messageId ?? null
  const reportId = report.reportId

  const [, ...recipients] = deliveryStatusGroups(report.fields)
  const bounces: Bounce[] = []
  for (const fields of recipients) {
    const recipient = addressOf(fields['final-recipient'] ?? fields['original-recipient'])
    const action = (fields.action ?? '').toLowerCase()
    if (!recipient || (action !== 'failed' && action !== 'delayed')) continue
    const status = fields.status?.match(STATUS_CODE)?.[0] ?? null
    const diagnostic = fields['diagnostic-code']?.replace(/^[^;]*;\s*/, '').slice(0, 500) ?? null
    const kind = classifyBounce(status, diagnostic) ?? (action === 'failed' ? 'hard' : 'soft')
    bounces.push({ recipient, kind, status, diagnostic, messageId, source: 'dsn', reportId })
  }
  if (!bounces.length) {
    throw unprocessableReport('The report names no recipient whose delivery failed or was delayed')
  }
  return bounces
}

/**
 * The key of a bounce's event: the same report (or, without a report id, the
 * same Message-ID) for the same recipient, kind and status gives the same key;
 * null when neither id is known (nothing to recognise a repeat by).
 */
function bounceKey(bounce: Bounce, email: string) {
  if (!bounce.reportId && !bounce.messageId) return null
  return reportKey([
    bounce.source,
    bounce.reportId,
    bounce.messageId,
    email,
    bounce.kind,
    bounce.status,
  ])
}

/**
 * Records one bounce in the current workspace transaction: an `email_events`
 * row tied to the send ledger row its Message-ID names (the address must
 * match, so a report cannot touch another recipient's row) or else to the
 * contact with that address. A hard bounce suppresses the address at once; a
 * soft one once the address has `softBounceLimit` soft bounces within
 * `softBounceWindowDays`. Emits `email_contact.bounced`. A report seen before
 * (same key, see bounceKey) changes nothing and is answered as a
 * duplicate; concurrent deliveries of one report are serialised by an
 * advisory lock on its key.
 */
export async function recordBounce(bounce: Bounce): Promise<BounceOutcome> {
  const { trx, workspaceId } = tenant()
  const email = bounce.recipient.toLowerCase()
  const key = bounceKey(bounce, email)
  const earlier = key ? await recordedReport(key) : undefined
  if (earlier) {
    return {
      recipient: email,
      kind: bounce.kind,
      status: bounce.status,
      send_id: earlier.send_id,
      contact_id: earlier.contact_id,
      suppressed: earlier.details.suppressed === true,
      duplicate: true,
    }
  }
  const { send, contact } = await reportTarget(email, bounce.messageId)

  let suppressNow = bounce.kind === 'hard'
  if (!suppressNow) {
    const recent = await rawQuery(
      trx,
      `select count(*)::int as n from email_events e
       left join email_contacts c on c.workspace_id = e.workspace_id and c.id = e.contact_id
       where e.event_type = 'bounced' and e.details->>'kind' = 'soft'
         and e.occurred_at > now() - make_interval(days => ?)
         and coalesce(lower(c.email), e.details->>'recipient') = ?`,
      [emailConfig.softBounceWindowDays, email]
    )
    suppressNow = recent.rows[0].n + 1 >= emailConfig.softBounceLimit
  }
  const details = {
    kind: bounce.kind,
    status: bounce.status,
    diagnostic: bounce.diagnostic,
    source: bounce.source,
    recipient: email,
    ...(suppressNow ? { suppressed: true } : {}),
  }
  if (suppressNow && contact) {
    await suppress(contact, 'bounced', send ?? null, details, key)
  } else {
    await rawQuery(
      trx,
      `insert into email_events (workspace_id, campaign_id, send_id, contact_id, event_type, details, report_key)
       values (?, ?, ?, ?, 'bounced', ?::jsonb, ?)`,
      [
        workspaceId,
        send?.campaign_id ?? null,
        send?.id ?? null,
        contact?.id ?? null,
        JSON.stringify(details),
        key,
      ]
    )
    if (suppressNow) {
      await rawQuery(
        trx,
        `insert into email_suppressions (workspace_id, email, reason) values (?, ?, 'bounced')
         on conflict (workspace_id, lower(email)) do nothing`,
        [workspaceId, email]
      )
    }
  }
  const outcome: BounceOutcome = {
    recipient: email,
    kind: bounce.kind,
    status: bounce.status,
    send_id: send?.id ?? null,
    contact_id: contact?.id ?? null,
    suppressed: suppressNow,
    duplicate: false,
  }
  await emitEvent('email_contact.bounced', {
    contact_id: outcome.contact_id,
    campaign_id: send?.campaign_id ?? null,
    send_id: outcome.send_id,
    kind: outcome.kind,
    status: outcome.status,
    suppressed: outcome.suppressed,
  })
  return outcome
}
