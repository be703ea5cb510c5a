import type { HttpContext } from '@adonisjs/core/http'
import { keysetPage, NEWEST_FIRST, tenant, roleAtLeast } from '#sdk'
import { ingestEvents } from '../services/analytics_event_service.js'
import { analyticsEventResource } from '../services/analytics_event_resource.js'
import {
  eventQueryValidator,
  ingestEventsValidator,
} from '../validators/analytics_event_validator.js'

/**
 * Product analytics events (seed `user_analytics_events`): batch ingestion for
 * the caller, and reading them back (admins read the whole workspace's).
 */
export default class AnalyticsEventsController {
  /**
   * Up to 1,000 events per request. 200 with the stored events (`accepted`,
   * by index with their ids) and the refused ones (`rejected`, by index with
   * reasons); the batch envelope itself is 422 when malformed or too large.
   */
  async store({ request }: HttpContext) {
    const { events } = await request.validateUsing(ingestEventsValidator)
    const { accepted, rejected } = await ingestEvents(events)
    return { accepted_count: accepted.length, rejected_count: rejected.length, accepted, rejected }
  }

  /** Events newest first, with filters; members see their own, admins everyone's. */
  async index({ request }: HttpContext) {
    const query = await eventQueryValidator.validate(request.qs())
    const { trx, userId, workspaceRole } = tenant()
    const builder = analyticsEventResource.query(trx)
    if (!roleAtLeast(workspaceRole, 'admin')) builder.where('user_id', userId!)
    if (query.user_id) builder.where('user_id', query.user_id)
    if (query.event_type) builder.where('event_type', query.event_type)
    if (query.created_after) builder.where('created_at', '>=', query.created_after)
    if (query.created_before) builder.where('created_at', '<', query.created_before)
    return keysetPage(builder, {
      limit: query.limit,
      cursor: query.cursor,
      ...NEWEST_FIRST,
    })
  }
}
