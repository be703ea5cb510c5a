import { definePlugin } from '#sdk'

/**
 * The privacy core module: privacy settings, data exports and erasure requests,
 * the retention purge and the privacy audit trail. It reads every domain's
 * privacy manifest; the core tables' manifest is `privacy_manifest.ts`.
 */
export default definePlugin({
  name: 'privacy',
  version: '0.1.0',
  description: 'Privacy settings, data exports, erasure, retention and the privacy audit trail',
  dependsOn: { identity: '^0.1.0' },
  routes: () => import('./routes.js'),
  jobs: {
    'core/privacy_export': () => import('./jobs/privacy_export.js'),
    'core/privacy_deletion': () => import('./jobs/privacy_erasure.js'),
    'core/privacy_retention': () => import('./jobs/privacy_retention.js'),
  },
  // Daily retention purge at 04:15 UTC.
  crontab: '15 4 * * * core/privacy_retention ?max=3',
})
