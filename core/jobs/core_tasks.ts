import type { Task } from 'graphile-worker'
import { serviceJob } from '#core/jobs/tenant_job'

/**
 * The kernel's own maintenance tasks, named `core/<task>` and scheduled by
 * CORE_CRONTAB. Domains (core modules and plugins) contribute theirs through
 * `jobs` and `crontab` in their plugin.ts.
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
}

/** Crontab of the kernel tasks (graphile-worker syntax, UTC). */
export const CORE_CRONTAB = '30 3 * * * core/purge_expired ?max=3'
