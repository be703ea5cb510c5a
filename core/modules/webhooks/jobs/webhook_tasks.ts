import type { Task } from 'graphile-worker'
import { platformConfig as platform, serviceJob } from '#sdk'
import { attemptDelivery } from '../services/webhook_delivery_service.js'

/**
 * Makes the next attempt of one webhook delivery. Scheduled by the database
 * when a delivery row is created (fan-out, ping, redelivery) and by itself for
 * retries. Runs as the platform (deliveries of anonymous events have no user),
 * touching only the delivery it was given.
 */
export const webhookDeliverTask: Task = async (payload) => {
  const deliveryId = (payload as { delivery_id?: unknown } | null)?.delivery_id
  if (typeof deliveryId !== 'string') throw new Error('core/webhook_deliver needs a delivery_id')
  await attemptDelivery(deliveryId)
}

/** Removes outbox events (and their deliveries and attempts) older than the retention. */
export const webhookPurgeTask: Task = serviceJob(async (_payload, helpers, { trx }) => {
  const deleted = await trx
    .from('webhook_events')
    .whereRaw('created_at < now() - make_interval(days => ?)', [platform.webhooks.retentionDays])
    .delete()
  helpers.logger.info(
    `purged ${deleted} webhook events older than ${platform.webhooks.retentionDays} days`
  )
})
