import { definePlugin } from '#sdk'

/** The copilot chat core module: sessions, messages (JSON or streamed), feedback and learning. */
export default definePlugin({
  name: 'chat',
  version: '0.1.0',
  description: 'Copilot chat: sessions, streamed answers, feedback and agent learning',
  dependsOn: { identity: '^0.1.0' },
  routes: () => import('./routes.js'),
  embedSessionScopes: {
    chat: "Copilot chat for the host's signed-in end user: their own sessions and messages",
  },
  jobs: { 'core/aggregate_agent_learning': () => import('./jobs/aggregate_agent_learning.js') },
  crontab: '15 2 * * * core/aggregate_agent_learning ?max=3',
})
