/*
| Kept free of imports: plugin.ts reads it while the platform discovers plugins.
*/

/** Webhook event types of the email plugin (data: ids and states, never addresses). */
export const EMAIL_WEBHOOK_EVENTS = {
  'email_contact.created':
    'A contact was added (API or import from leads). Data: contact_id, subscription_status, tags.',
  'email_contact.tagged': 'Tags were added to a contact. Data: contact_id, tags, added.',
  'email_contact.unsubscribed':
    'A contact unsubscribed, complained or bounced; the address is suppressed. Data: contact_id, reason, campaign_id.',
  'email_contact.bounced':
    'A bounce was recorded (delivery status notification or provider webhook). Data: contact_id, campaign_id, send_id, kind (hard or soft), status, suppressed.',
  'email_contact.complained':
    'A recipient marked a message as spam (feedback-loop report or provider webhook); the address is suppressed. Data: contact_id, campaign_id, send_id, feedback_type, suppressed.',
  'email_campaign.started':
    'A campaign started sending or was scheduled. Data: campaign_id, scheduled.',
  'email_automation.completed':
    'A contact went through every step of an automation. Data: automation_id, enrollment_id, contact_id.',
  'email_campaign.sent':
    'Every recipient of a campaign was handled. Data: campaign_id, sent, failed, skipped.',
}
