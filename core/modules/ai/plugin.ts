import { definePlugin } from '#sdk'

/**
 * The AI core module: the AI gateway over HTTP, usage metering and the model
 * registry with its monthly discovery. The gateway itself is a kernel service
 * (exposed to every domain by the SDK).
 */
export default definePlugin({
  name: 'ai',
  version: '0.1.0',
  description: 'The AI gateway over HTTP, usage, and the model registry with discovery',
  dependsOn: { identity: '^0.1.0' },
  routes: () => import('./routes.js'),
  jobs: { 'core/ai_discover_models': () => import('./jobs/discover_models.js') },
  crontab: '0 4 1 * * core/ai_discover_models ?max=3',
  commands: [() => import('./commands/ai_discover_models.js')],
})
