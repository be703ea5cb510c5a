import { definePlugin } from '#sdk'

/** The preferences core module: each user's preferences inside a workspace. */
export default definePlugin({
  name: 'preferences',
  version: '0.1.0',
  description: 'Per-user preferences inside a workspace',
  dependsOn: { identity: '^0.1.0' },
  routes: () => import('./routes.js'),
  seed: () => import('./database/demo_seed.js'),
})
