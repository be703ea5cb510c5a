import type { Task } from 'graphile-worker'
import {
  TENANT_KEY,
  deliverMail,
  isPermanentMailError,
  jobTenantIdentity,
  platformSender,
  withTenant,
  type JobTenant,
  type MailMessage,
} from '#sdk'
import { workspaceSender, type WorkspaceSender } from '../services/sender_identity_service.js'

/**
 * Task `mail/send_mail`: sends one message queued by queueMail(). The sender
 * identity is read in a short tenant transaction that commits before the SMTP
 * call (no transaction waits on the relay). A temporary failure throws, so the
 * job retries with backoff; a permanent one (5xx) is logged and not retried.
 */
const sendMail: Task = async (rawPayload, helpers) => {
  const payload = (rawPayload ?? {}) as { message: MailMessage; [TENANT_KEY]?: JobTenant }
  const owner = payload[TENANT_KEY]
  const sender: WorkspaceSender =
    owner?.workspace_id && owner.user_id
      ? await withTenant(jobTenantIdentity(payload, helpers.job.task_identifier), () =>
          workspaceSender()
        )
      : { from: platformSender(), replyTo: null, dkim: null }
  const message: MailMessage = {
    ...payload.message,
    from: payload.message.from ?? sender.from,
    replyTo: payload.message.replyTo ?? sender.replyTo ?? undefined,
  }
  try {
    const delivery = await deliverMail(message, {
      dkim: sender.dkim,
      workspaceId: owner?.workspace_id ?? null,
    })
    helpers.logger.info(`mail ${delivery.messageId} ${delivery.via}: ${delivery.response}`)
  } catch (error) {
    if (!isPermanentMailError(error)) throw error
    helpers.logger.error(`mail refused for good by the relay: ${(error as Error).message}`)
  }
}

export default sendMail
