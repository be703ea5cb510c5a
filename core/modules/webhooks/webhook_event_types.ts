/*
| Kept free of imports: plugin.ts reads it while the platform discovers domains.
*/

/** Webhook event types the webhooks module raises itself (the catalogue entries). */
export const WEBHOOK_WEBHOOK_EVENTS = {
  'webhook.ping': 'A test event sent to one webhook by POST /v1/webhooks/{id}/ping.',
  'webhook.disabled':
    'A webhook of the workspace was disabled after repeated failed deliveries (sent to the other webhooks).',
}
