import limiter from '@adonisjs/limiter/services/main'
import { isUuid } from '#sdk'
import support from '../support_config.js'

/**
 * Anonymous support tickets: SUPPORT_PUBLIC_TICKETS_PER_HOUR per client IP and
 * target workspace, so one visitor cannot flood a support desk.
 */
export const publicTicketThrottle = limiter.define('support_ticket', (ctx) => {
  const workspace = String(ctx.request.input('workspace_id', ''))
  const workspaceKey = isUuid(workspace) ? workspace.toLowerCase() : 'invalid'
  return limiter
    .allowRequests(support.publicTicketsPerHour)
    .every('1 hour')
    .usingKey(`support_${workspaceKey}_${ctx.request.ip()}`)
})
