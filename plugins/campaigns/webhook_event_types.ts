/*
| Kept free of imports: plugin.ts reads it while the platform discovers plugins.
*/

/** Webhook event types of the campaigns plugin and what they mean (the catalogue entries). */
export const CAMPAIGN_WEBHOOK_EVENTS = {
  'campaign.status_changed':
    'A campaign moved to another status (data: campaign_id, name, from, to, changed_at)',
}
