/*
| Kept free of imports: plugin.ts reads it while the platform discovers domains.
*/

/** Webhook event types of the support desk (the catalogue entries). */
export const SUPPORT_WEBHOOK_EVENTS = {
  'support.ticket_created':
    'A support ticket was filed (by a member or an anonymous visitor). Ids and triage state only.',
  'support.ticket_updated':
    'An admin triaged a support ticket (status, priority or notes); `changes` lists the fields.',
}
