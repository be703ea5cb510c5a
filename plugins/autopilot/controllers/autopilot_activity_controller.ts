import type { HttpContext } from '@adonisjs/core/http'
import { keysetPage, NEWEST_FIRST } from '#sdk'
import { listActivityValidator } from '../validators/autopilot_validator.js'
import { activityResource } from '../services/activity_resource.js'

/** The autopilot's activity log: every action with its before/after numbers. */
export default class AutopilotActivityController {
  /** A page of activity, newest first, optionally of one type. */
  async index({ request }: HttpContext) {
    const filters = await listActivityValidator.validate(request.qs())
    const query = activityResource.query()
    if (filters.activity_type) query.where('activity_type', filters.activity_type)
    return keysetPage(query, { limit: filters.limit, cursor: filters.cursor, ...NEWEST_FIRST })
  }
}
