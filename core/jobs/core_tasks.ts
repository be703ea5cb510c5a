import type { Task } from 'graphile-worker'
import { serviceJob } from '#core/jobs/tenant_job'
import { webhookDeliverTask, webhookPurgeTask } from '#core/jobs/webhook_tasks'

/**
 * Platform maintenance tasks. Named `core/<task>`, scheduled by CORE_CRONTAB.
 */
export const coreTasks: Record<string, Task> = {
  /** Deletes expired access tokens and idempotency records older than 24 hours. */
  'core/purge_expired': serviceJob(async (_payload, helpers, { trx }) => {
    const tokens = await trx
      .from('auth_access_tokens')
      .where('expires_at', '<', new Date())
      .delete()
    const keys = await trx
      .from('idempotency_keys')
      .whereRaw("created_at < now() - interval '24 hours'")
      .delete()
    helpers.logger.info(`purged ${tokens} expired tokens and ${keys} idempotency records`)
  }),
  'core/webhook_deliver': webhookDeliverTask,
  'core/webhook_purge': webhookPurgeTask,
}

/** Crontab of the core tasks (graphile-worker syntax, UTC). */
export const CORE_CRONTAB = [
  '30 3 * * * core/purge_expired ?max=3',
  '45 3 * * * core/webhook_purge ?max=3',
].join('\n')
