/*
| Kept free of imports: plugin.ts reads it while the platform discovers plugins.
*/

/** Webhook event types of the autopilot plugin and what they mean (the catalogue entries). */
export const AUTOPILOT_WEBHOOK_EVENTS = {
  'autopilot.proposal_created':
    'The daily run proposed a budget change or a pause that awaits approval (data: proposal_id, kind, channel, current_daily_budget, proposed_daily_budget, requires_approval)',
  'autopilot.action_applied':
    'A budget change was applied to a channel, automatically inside the guard rails or after approval (data: proposal_id, kind, channel, daily_budget_before, daily_budget_after, campaigns, auto_applied, approved_by, approved_by_end_user)',
  'autopilot.report_ready':
    'A weekly report was generated (data: report_id, week_start_date, week_end_date, total_leads_generated, total_spend, roi, top_performing_channel, highlights)',
}
