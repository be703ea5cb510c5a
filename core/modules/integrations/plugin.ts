import { definePlugin } from '#sdk'

/** OAuth task `name` of oauth_tasks.ts, as a job loader. */
const oauthTask = (name: string) => () =>
  import('./jobs/oauth_tasks.js').then((tasks) => ({ default: tasks.oauthTasks[name] }))

/**
 * The integrations core module: OAuth connections (authorization with PKCE,
 * token refresh and revocation) and API-key integration connections.
 */
export default definePlugin({
  name: 'integrations',
  version: '0.1.0',
  description: 'OAuth and API-key connections to external platforms',
  dependsOn: { identity: '^0.1.0' },
  routes: () => import('./routes.js'),
  jobs: {
    'core/oauth_refresh': oauthTask('core/oauth_refresh'),
    'core/oauth_revoke': oauthTask('core/oauth_revoke'),
    'core/oauth_refresh_due': oauthTask('core/oauth_refresh_due'),
    'core/oauth_cleanup_states': oauthTask('core/oauth_cleanup_states'),
  },
  crontab: [
    '0 * * * * core/oauth_cleanup_states ?max=3',
    '*/10 * * * * core/oauth_refresh_due ?max=3',
  ].join('\n'),
})
