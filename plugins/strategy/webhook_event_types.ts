/*
| Kept free of imports: plugin.ts reads it while the platform discovers plugins.
*/

/** Webhook event types of the strategy plugin and what they mean (the catalogue entries). */
export const STRATEGY_WEBHOOK_EVENTS = {
  'strategy.positioning.activated':
    'A positioning became the active one of the workspace (data: positioning_id, version)',
  'strategy.copilot_session.saved':
    'A copilot plan was saved as a draft campaign with its tasks (data: session_id, campaign_id, tasks)',
  'strategy.competitor_page.changed':
    'A re-fetched competitor page differs from its previous snapshot (data: analysis_id, snapshot_id, competitor, url)',
}
