import { definePlugin } from '#sdk'
import { SUPPORT_WEBHOOK_EVENTS } from './webhook_event_types.js'

/** The support core module: tickets filed by members, visitors and widgets, and triage. */
export default definePlugin({
  name: 'support',
  version: '0.1.0',
  description: 'Support tickets: anonymous, embedded and member filing, admin triage',
  dependsOn: { identity: '^0.1.0' },
  routes: () => import('./routes.js'),
  embedSessionScopes: {
    'support:read': "Read the host's signed-in end user's own support tickets",
  },
  embedCapabilities: {
    'support:submit': 'File support tickets from an allowed web page (support widget)',
  },
  webhookEvents: SUPPORT_WEBHOOK_EVENTS,
})
