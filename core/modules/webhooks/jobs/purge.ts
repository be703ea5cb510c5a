import type { Task } from 'graphile-worker'
import { platformConfig as platform, serviceJob } from '#sdk'

/** Removes outbox events (and their deliveries and attempts) older than the retention. */
const webhookPurgeTask: Task = serviceJob(async (_payload, helpers, { trx }) => {
  const deleted = await trx
    .from('webhook_events')
    .whereRaw('created_at < now() - make_interval(days => ?)', [platform.webhooks.retentionDays])
    .delete()
  helpers.logger.info(
    `purged ${deleted} webhook events older than ${platform.webhooks.retentionDays} days`
  )
})

export default webhookPurgeTask
