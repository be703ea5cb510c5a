/** An address with an optional display name. */
export interface MailAddress {
  name?: string
  address: string
}

/**
 * One e-mail as the platform sends it: one recipient, a text part (always) and
 * an optional HTML part, extra headers (List-Unsubscribe, ...). The sender is
 * filled in from the workspace's sender identity or the platform's.
 */
export interface MailMessage {
  to: string | MailAddress
  subject: string
  text: string
  html?: string
  from?: string | MailAddress
  replyTo?: string
  headers?: Record<string, string>
  /** A Message-ID to use (e.g. derived from a send ledger row); generated otherwise. */
  messageId?: string
}

/** A DKIM signing key (RFC 6376): the signing domain, its DNS selector and the PEM private key. */
export interface DkimKey {
  domainName: string
  keySelector: string
  privateKey: string
}

/** What happened to a message handed to the mail transport. */
export interface MailDelivery {
  messageId: string
  /** `smtp`: accepted by the relay; `outbox`: kept in the development outbox (no relay set). */
  via: 'smtp' | 'outbox'
  accepted: string[]
  rejected: string[]
  /** The relay's last reply (e.g. `250 2.0.0 OK queued`). */
  response: string
}
