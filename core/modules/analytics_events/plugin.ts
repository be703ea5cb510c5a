import { definePlugin } from '#sdk'

/** The analytics events core module: product analytics events, ingested in batches. */
export default definePlugin({
  name: 'analytics_events',
  version: '0.1.0',
  description: 'Product analytics events: batch ingestion and reading back',
  dependsOn: { identity: '^0.1.0' },
  routes: () => import('./routes.js'),
})
