import type { MailMessage } from '#sdk'
import type { WorkspaceSender } from '#modules/mail/services/index'
import { contactValues, renderMessage } from './template_service.js'
import { unsubscribeUrl } from './links.js'
import { addTracking } from './tracking.js'

/** What a message is made of besides its recipient: template, subject, tracking, sender. */
export interface MessageSource {
  workspaceId: string
  subjectOverride: string | null
  tracking: boolean
  template: { subject_line: string; html_content: string; plain_text: string | null }
  sender: WorkspaceSender
}

/** A recipient of the send ledger, with the contact's merge-field data. */
export interface LedgerRecipient {
  id: string
  email: string
  name: string | null
  company: string | null
  metadata: Record<string, unknown>
}

/**
 * One recipient's message (campaigns and automations alike): merge fields,
 * RFC 8058 headers, tracking, and a Message-ID fixed by the ledger row, so a
 * resend after a crash carries the same id.
 */
export async function ledgerMessage(
  send: LedgerRecipient,
  source: MessageSource
): Promise<MailMessage> {
  const unsubscribe = unsubscribeUrl(source.workspaceId, send.id)
  const values = { ...contactValues(send), unsubscribe_url: unsubscribe }
  const rendered = await renderMessage(source.template, values, source.subjectOverride)
  if (source.tracking) {
    rendered.html = addTracking(rendered.html, source.workspaceId, send.id, unsubscribe)
  }
  const domain = source.sender.dkim?.domainName ?? source.sender.from.address.split('@')[1]
  return {
    to: send.name ? { name: send.name, address: send.email } : send.email,
    from: source.sender.from,
    replyTo: source.sender.replyTo ?? undefined,
    ...rendered,
    messageId: `<${send.id}@${domain}>`,
    headers: {
      'List-Unsubscribe': `<${unsubscribe}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'Precedence': 'bulk',
    },
  }
}
