import { enqueue } from '#core/jobs/enqueue'
import type { MailMessage } from '#core/mail/mail_message'

/** The mail module's task that sends one queued message. */
export const SEND_MAIL_TASK = 'mail/send_mail'

/**
 * Queues one message in the current transaction: the job that sends it exists
 * only if the transaction commits, so a rolled-back change never mails anyone,
 * and the SMTP call happens later, outside the transaction. Inside a workspace
 * the workspace's sender identity (from, reply-to, DKIM) applies.
 */
export async function queueMail(message: MailMessage, options: { runAt?: Date } = {}) {
  return enqueue(SEND_MAIL_TASK, { message }, { runAt: options.runAt, maxAttempts: 10 })
}
