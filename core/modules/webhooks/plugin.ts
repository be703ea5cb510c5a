import { definePlugin } from '#sdk'
import { WEBHOOK_WEBHOOK_EVENTS } from './webhook_event_types.js'

/**
 * The webhooks core module: subscriptions, signed deliveries with retries, the
 * delivery log and redelivery. Events enter through the kernel's outbox
 * (`emitEvent`), which every domain uses.
 */
export default definePlugin({
  name: 'webhooks',
  version: '0.1.0',
  description: 'Outgoing webhooks: subscriptions, signed deliveries, retries and the delivery log',
  dependsOn: { identity: '^0.1.0' },
  routes: () => import('./routes.js'),
  jobs: {
    'core/webhook_deliver': () => import('./jobs/deliver.js'),
    'core/webhook_purge': () => import('./jobs/purge.js'),
  },
  crontab: '45 3 * * * core/webhook_purge ?max=3',
  webhookEvents: WEBHOOK_WEBHOOK_EVENTS,
})
