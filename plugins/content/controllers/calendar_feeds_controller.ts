import type { HttpContext } from '@adonisjs/core/http'
import { idParam, pageQueryValidator, Problem } from '#sdk'
import { createFeedValidator } from '../validators/calendar_entry_validator.js'
import {
  createFeed,
  feedCalendar,
  listFeeds,
  revokeFeed,
} from '../services/calendar_feed_service.js'

/** ICS feeds of the calendar: create (URL shown once), list, revoke, and the feed itself. */
export default class CalendarFeedsController {
  async index({ request }: HttpContext) {
    return listFeeds(await pageQueryValidator.validate(request.qs()))
  }

  async store({ request, response }: HttpContext) {
    const { name } = await request.validateUsing(createFeedValidator)
    response.status(201)
    return createFeed(name)
  }

  async destroy({ params, response }: HttpContext) {
    if (!(await revokeFeed(idParam(params, 'Feed')))) throw Problem.notFound('Feed')
    response.status(204)
  }

  /** The iCalendar file (public: the unguessable token in the URL is the credential). */
  async calendar({ params, response }: HttpContext) {
    const ics = await feedCalendar(String(params.token ?? ''))
    if (ics === null) throw Problem.notFound('Feed')
    response.header('Content-Type', 'text/calendar; charset=utf-8')
    response.header('Cache-Control', 'private, max-age=300')
    return ics
  }
}
