import { definePlugin } from '#sdk'

/**
 * The embed core module: publishable embed keys (allowed origins, capabilities,
 * rate limits) and the key-info route widgets call. Plugins declare the
 * capabilities (`embedCapabilities`); the kernel enforces them on embed routes.
 */
export default definePlugin({
  name: 'embed',
  version: '0.1.0',
  description: 'Publishable embed keys for widgets and their public key-info route',
  dependsOn: { identity: '^0.1.0' },
  routes: () => import('./routes.js'),
  seed: () => import('./database/demo_seed.js'),
})
