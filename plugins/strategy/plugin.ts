import { definePlugin } from '#sdk'
import { privacyManifest } from './privacy_manifest.js'
import { STRATEGY_WEBHOOK_EVENTS } from './webhook_event_types.js'

/**
 * The strategy plugin: positioning (3Cs) with versions and one active
 * positioning, funnels from the workspace's real numbers with what-if, KPI
 * frameworks bound to an executable metric catalogue, keyword research
 * (offline, with DataForSEO search volumes when configured), and the campaign copilot that saves plans as real campaigns. Reads
 * campaigns and leads through their faces, and the knowledge base when the
 * knowledge plugin is enabled. See docs/guide/strategy.md.
 */
export default definePlugin({
  name: 'strategy',
  version: '0.1.0',
  description:
    'Strategy: positioning, funnels, KPI frameworks, keyword research and the campaign copilot, grounded in the workspace data',
  dependsOn: { core: '^0.1.0', campaigns: '^0.1.0', leads: '^0.1.0' },
  routes: () => import('./routes.js'),
  jobs: {
    'strategy/learn_copilot_preferences': () => import('./jobs/learn_copilot_preferences.js'),
    'strategy/fetch_competitors': () => import('./jobs/fetch_competitors.js'),
    'strategy/schedule_competitor_refresh': () => import('./jobs/schedule_competitor_refresh.js'),
    'strategy/fetch_keyword_volumes': () => import('./jobs/fetch_keyword_volumes.js'),
  },
  // Mondays 06:00 UTC: fetch every competitive gap analysis's pages again.
  crontab: '0 6 * * 1 strategy/schedule_competitor_refresh ?max=3',
  scopes: ['strategy:read', 'strategy:write'],
  openapi: {
    tag: 'Strategy',
    description:
      'Positioning, funnels, KPI frameworks, keyword research and campaign copilot sessions of the current workspace',
  },
  seed: () => import('./database/demo_seed.js'),
  // The active positioning grounds every other domain's AI generation.
  generationContext: () => import('./services/generation_context.js'),
  privacy: privacyManifest,
  webhookEvents: STRATEGY_WEBHOOK_EVENTS,
  tenantTables: [
    'brand_positioning_analyses',
    'funnel_designs',
    'performance_tracking_frameworks',
    'strategy_analysis_versions',
    'keyword_research',
    'campaign_copilot_sessions',
    'competitive_gap_analyses',
    'competitor_snapshots',
  ],
})
