import type { HttpContext } from '@adonisjs/core/http'
import { idParam, Problem } from '#sdk'
import { createCompetitiveGapValidator, listValidator } from '../validators/strategy_validator.js'
import {
  createCompetitiveGap,
  deleteCompetitiveGap,
  findCompetitiveGap,
  listCompetitiveGaps,
  listSnapshots,
  refreshCompetitiveGap,
} from '../services/competitive_gap_service.js'
import { checkPageUrl } from '../services/page_fetcher.js'
import { assertCanWrite } from '../services/access.js'

/** Competitive gap analyses over fetched competitor pages, and their snapshots. */
export default class CompetitiveGapsController {
  async index({ request }: HttpContext) {
    return listCompetitiveGaps(await listValidator.validate(request.qs()))
  }

  /** Checks each URL against the SSRF guard, stores the analysis and queues the fetch (202). */
  async store({ request, response }: HttpContext) {
    assertCanWrite()
    const input = await request.validateUsing(createCompetitiveGapValidator)
    for (const [index, competitor] of input.competitors.entries()) {
      const refused = await checkPageUrl(competitor.url)
      if (refused) throw Problem.invalidField(`competitors.${index}.url`, refused, 'url')
    }
    response.status(202)
    return createCompetitiveGap(input)
  }

  async show({ params }: HttpContext) {
    return findCompetitiveGap(idParam(params, 'Competitive gap analysis'))
  }

  async snapshots({ params }: HttpContext) {
    return { data: await listSnapshots(idParam(params, 'Competitive gap analysis')) }
  }

  async refresh({ params, response }: HttpContext) {
    assertCanWrite()
    response.status(202)
    return refreshCompetitiveGap(idParam(params, 'Competitive gap analysis'))
  }

  async destroy({ params, response }: HttpContext) {
    assertCanWrite()
    await deleteCompetitiveGap(idParam(params, 'Competitive gap analysis'))
    response.status(204)
  }
}
