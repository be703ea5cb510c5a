/*
| Kept free of imports: plugin.ts reads it while the platform discovers plugins.
*/

/** Webhook event types of the video plugin and what they mean (the catalogue entries). */
export const VIDEO_WEBHOOK_EVENTS = {
  'video.completed':
    'A video was rendered (data: project_id, campaign_id, platform, duration_s, cost_usd, auto_generated, completed_at)',
  'video.failed':
    'A video project failed (data: project_id, status_before, error_message, cost_usd)',
}
