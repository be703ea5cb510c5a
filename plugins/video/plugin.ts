import { definePlugin } from '#sdk'
import { privacyManifest } from './privacy_manifest.js'
import { VIDEO_WEBHOOK_EVENTS } from './webhook_event_types.js'

/**
 * The video plugin (seed "Video Generation"): a campaign's short video from a
 * goal to a scene plan, images and a video (Google Gemini image model and
 * Veo 3 through the AI gateway, or the offline renderer), with its cost
 * estimated, reserved from a workspace budget and tracked. See
 * docs/guide/video.md.
 */
export default definePlugin({
  name: 'video',
  version: '0.1.0',
  description:
    'Short marketing videos: scene plan, images, provider video or offline render, budgets and signed downloads',
  dependsOn: { core: '^0.1.0', campaigns: '^0.1.0' },
  routes: () => import('./routes.js'),
  jobs: {
    'video/run_step': () => import('./jobs/run_step.js'),
  },
  crontab: '',
  scopes: ['video:read', 'video:write'],
  embedCapabilities: {
    'video:studio':
      "Show the video studio widget to the host's signed-in end users (needs an embed session)",
  },
  embedSessionScopes: {
    'video:read':
      'See your own video projects, their progress and videos in the video studio widget',
    'video:write':
      'Create video projects, edit their scene plans and render them in the video studio widget',
  },
  openapi: {
    tag: 'Video',
    description:
      'Video projects of the current workspace: scene plans, generation pipeline, budget, statistics and signed downloads',
  },
  seed: () => import('./database/demo_seed.js'),
  privacy: privacyManifest,
  webhookEvents: VIDEO_WEBHOOK_EVENTS,
  tenantTables: ['ai_video_projects', 'ai_video_jobs', 'ai_video_budgets'],
})
