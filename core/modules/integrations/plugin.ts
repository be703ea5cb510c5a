import { definePlugin } from '#sdk'

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
    'core/oauth_refresh': () => import('./jobs/oauth_refresh.js'),
    'core/oauth_revoke': () => import('./jobs/oauth_revoke.js'),
    'core/oauth_refresh_due': () => import('./jobs/oauth_refresh_due.js'),
    'core/oauth_cleanup_states': () => import('./jobs/oauth_cleanup_states.js'),
  },
  crontab: [
    '0 * * * * core/oauth_cleanup_states ?max=3',
    '*/10 * * * * core/oauth_refresh_due ?max=3',
  ].join('\n'),
})
