import type { HttpContext } from '@adonisjs/core/http'
import { Problem, idParam, keysetPage, NEWEST_FIRST, pageQueryValidator } from '#sdk'
import { reportResource } from '../services/report_resource.js'

/** The weekly reports, one per week. */
export default class AutopilotReportsController {
  /** A page of reports, newest first. */
  async index({ request }: HttpContext) {
    const query = await pageQueryValidator.validate(request.qs())
    return keysetPage(reportResource.query(), { ...query, ...NEWEST_FIRST })
  }

  /** One report. */
  async show({ params }: HttpContext) {
    const report = await reportResource.query().where('id', idParam(params, 'Report')).first()
    if (!report) throw Problem.notFound('Report')
    return report
  }
}
