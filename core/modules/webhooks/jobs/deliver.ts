import type { Task } from 'graphile-worker'
import { attemptDelivery } from '../services/webhook_delivery_service.js'

/**
 * Makes the next attempt of one webhook delivery. Scheduled by the database
 * when a delivery row is created (fan-out, ping, redelivery) and by itself for
 * retries. Runs as the platform (deliveries of anonymous events have no user),
 * touching only the delivery it was given.
 */
const webhookDeliverTask: Task = async (payload) => {
  const deliveryId = (payload as { delivery_id?: unknown } | null)?.delivery_id
  if (typeof deliveryId !== 'string') throw new Error('core/webhook_deliver needs a delivery_id')
  await attemptDelivery(deliveryId)
}

export default webhookDeliverTask
