import { definePlugin } from '#sdk'
import { IDENTITY_WEBHOOK_EVENTS } from './webhook_event_types.js'

/**
 * The identity core module: registration, login and access tokens, users,
 * workspaces (personal, agency and client), members and invitations, API keys
 * and the audit log. It owns the demo account every demo seed runs as.
 */
export default definePlugin({
  name: 'identity',
  version: '0.1.0',
  description: 'Users, auth and tokens, workspaces, members, invitations, API keys, audit log',
  routes: () => import('./routes.js'),
  demoAccount: () => import('./database/demo_account.js'),
  webhookEvents: IDENTITY_WEBHOOK_EVENTS,
})
