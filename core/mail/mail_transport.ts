import nodemailer, { type Transporter } from 'nodemailer'
import mailConfig, { type SmtpSettings } from '#config/mail'
import { withService } from '#core/tenancy/tenant_transaction'
import { rawQuery } from '#core/database/raw_query'
import type { DkimKey, MailAddress, MailDelivery, MailMessage } from '#core/mail/mail_message'

let relay: SmtpSettings | null = mailConfig.smtp
let smtpTransport: Transporter | null = null
let composer: Transporter | null = null

/** Whether a relay is configured; without one, messages go to the development outbox. */
export function hasMailRelay() {
  return relay !== null
}

/** The relay in use (host and port), for the start log and health details. */
export function mailRelayDescription() {
  return relay ? `${relay.host}:${relay.port}` : null
}

/**
 * Replaces the SMTP relay (tests point it at their loopback SMTP server;
 * `null` switches to the development outbox) and closes pooled connections;
 * returns the previous relay.
 */
export function configureMailRelay(settings: SmtpSettings | null) {
  closeMailTransport()
  const previous = relay
  relay = settings
  return previous
}

/** Closes the pooled SMTP connections (shutdown, reconfiguration). */
export function closeMailTransport() {
  smtpTransport?.close()
  smtpTransport = null
}

function transport(): Transporter {
  if (!relay) throw new Error('No SMTP relay is configured')
  smtpTransport ??= nodemailer.createTransport({
    host: relay.host,
    port: relay.port,
    secure: relay.secure,
    auth: relay.user ? { user: relay.user, pass: relay.password ?? '' } : undefined,
    pool: true,
    maxConnections: relay.maxConnections,
    maxMessages: Number.POSITIVE_INFINITY,
  })
  return smtpTransport
}

/** The platform's sender, as MAIL_FROM_ADDRESS / MAIL_FROM_NAME set it. */
export function platformSender(): MailAddress {
  return { name: mailConfig.from.name, address: mailConfig.from.address }
}

function nodemailerMessage(message: MailMessage, dkim?: DkimKey | null) {
  return {
    from: message.from ?? platformSender(),
    to: message.to,
    replyTo: message.replyTo,
    subject: message.subject,
    text: message.text,
    html: message.html,
    headers: message.headers,
    messageId: message.messageId,
    dkim: dkim ?? undefined,
    // Headers are signed as well (List-Unsubscribe must be covered, RFC 8058 section 4).
  }
}

/**
 * Builds the complete RFC 5322 source of a message (DKIM-signed when a key is
 * given) without sending it: the development outbox stores it, tests read it.
 */
export async function composeMail(message: MailMessage, dkim?: DkimKey | null) {
  composer ??= nodemailer.createTransport({ streamTransport: true, buffer: true })
  const info = await composer.sendMail(nodemailerMessage(message, dkim))
  return { messageId: String(info.messageId), raw: info.message as Buffer }
}

function recipientAddress(to: MailMessage['to']) {
  return typeof to === 'string' ? to : to.address
}

/**
 * Sends one message now: through the SMTP relay, DKIM-signed when a key is
 * given, or into the development outbox when no relay is configured (never
 * dropped). Call it outside any database transaction (from a job): the relay
 * can take seconds. Throws the relay's error; see isPermanentMailError.
 */
export async function deliverMail(
  message: MailMessage,
  options: { dkim?: DkimKey | null; workspaceId?: string | null } = {}
): Promise<MailDelivery> {
  if (!relay) {
    const composed = await composeMail(message, options.dkim)
    await withService(({ trx }) =>
      rawQuery(
        trx,
        `insert into mail_dev_outbox (workspace_id, message_id, recipient, subject, source)
         values (?, ?, ?, ?, ?)`,
        [
          options.workspaceId ?? null,
          composed.messageId,
          recipientAddress(message.to),
          message.subject,
          composed.raw.toString('utf8'),
        ]
      )
    )
    return {
      messageId: composed.messageId,
      via: 'outbox',
      accepted: [recipientAddress(message.to)],
      rejected: [],
      response: 'stored in the development outbox',
    }
  }
  const info = await transport().sendMail(nodemailerMessage(message, options.dkim))
  return {
    messageId: String(info.messageId),
    via: 'smtp',
    accepted: (info.accepted ?? []).map(String),
    rejected: (info.rejected ?? []).map(String),
    response: String(info.response ?? ''),
  }
}

/**
 * Whether a send error is permanent (the relay answered 5xx: bad address,
 * refused content): retrying will not help, and the recipient is marked failed.
 */
export function isPermanentMailError(error: unknown) {
  const code = (error as { responseCode?: number } | null)?.responseCode
  return typeof code === 'number' && code >= 500 && code < 600
}
