/*
| Kept free of imports: plugin.ts reads it while the platform discovers plugins.
*/

/** Webhook event types of the leads plugin and what they mean (the catalogue entries). */
export const LEAD_WEBHOOK_EVENTS = {
  'lead.created': 'A lead was created (API, CSV import or form submission). Data: the lead.',
  'lead.updated':
    'A lead was changed (API, CSV import merge or a repeated form submission). Data: the lead.',
  'lead.score_changed':
    'The score of a lead changed (rules, activities or decay). Data: lead_id, previous_score, score.',
  'lead.status_changed':
    'The status of a lead changed. Data: lead_id, previous_status, status and the lead.',
}
