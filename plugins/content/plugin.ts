import { definePlugin } from '#sdk'
import { privacyManifest } from './privacy_manifest.js'
import { CONTENT_WEBHOOK_EVENTS } from './webhook_event_types.js'

/**
 * The content plugin: the content calendar (status machine, recurrence, CSV
 * import and export, ICS feeds), the digital asset library (streamed
 * uploads, thumbnails, signed links), the brand kit that widgets, videos and
 * generated content wear, content templates and proposals. Its public API is
 * `services/index.ts` (`activeBrandKit`, `createCalendarEntries`).
 */
export default definePlugin({
  name: 'content',
  version: '0.1.0',
  description:
    'Content calendar with recurrence, CSV and ICS; asset library; brand kit; templates and proposals',
  dependsOn: { core: '^0.1.0', campaigns: '^0.1.0' },
  routes: () => import('./routes.js'),
  jobs: {
    'content/import_calendar_csv': () => import('./jobs/import_calendar_csv.js'),
    'content/generate_month': () => import('./jobs/generate_month.js'),
  },
  crontab: '',
  scopes: ['content:read', 'content:write'],
  embedCapabilities: {
    'content:calendar':
      'Show the content calendar widget (scheduled and published entries; more with an embed session)',
  },
  embedSessionScopes: {
    'content:read': 'See every calendar entry, drafts included, in the calendar widget',
    'content:write':
      'Create, move and change the status of calendar entries in the calendar widget',
  },
  // The active brand kit themes the workspace's widgets (the embed module's /v1/embed/theme).
  embedTheme: () => import('./services/embed_theme.js'),
  openapi: {
    tag: 'Content',
    description:
      'Content calendar, digital asset library, brand kit, content templates and proposals',
  },
  seed: () => import('./database/demo_seed.js'),
  privacy: privacyManifest,
  webhookEvents: CONTENT_WEBHOOK_EVENTS,
  tenantTables: [
    'content_calendar',
    'content_calendar_imports',
    'content_calendar_feeds',
    'digital_assets',
    'brand_assets',
    'content_templates',
    'proposal_templates',
  ],
})
