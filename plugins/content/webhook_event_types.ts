/*
| Kept free of imports: plugin.ts reads it while the platform discovers plugins.
*/

/** Webhook event types of the content plugin and what they mean (the catalogue entries). */
export const CONTENT_WEBHOOK_EVENTS = {
  'content.scheduled':
    'A calendar entry was scheduled (created as scheduled, imported, or moved from draft). Data: entry.',
  'content.published': 'A calendar entry was marked published. Data: entry.',
}
