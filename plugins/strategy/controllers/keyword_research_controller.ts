import type { HttpContext } from '@adonisjs/core/http'
import { idParam } from '#sdk'
import { createKeywordResearchValidator, listValidator } from '../validators/strategy_validator.js'
import {
  createKeywordResearch,
  deleteKeywordResearch,
  findKeywordResearch,
  listKeywordResearch,
  refreshKeywordVolumes,
} from '../services/keyword_research_service.js'
import { assertCanWrite } from '../services/access.js'

/** Keyword research over the workspace's own text, with provider volumes when configured. */
export default class KeywordResearchController {
  async index({ request }: HttpContext) {
    return listKeywordResearch(await listValidator.validate(request.qs()))
  }

  async store({ request, response }: HttpContext) {
    assertCanWrite()
    const input = await request.validateUsing(createKeywordResearchValidator)
    response.status(201)
    return createKeywordResearch(input)
  }

  async show({ params }: HttpContext) {
    return findKeywordResearch(idParam(params, 'Keyword research'))
  }

  async volumes({ params, response }: HttpContext) {
    assertCanWrite()
    const row = await refreshKeywordVolumes(idParam(params, 'Keyword research'))
    response.status(202)
    return row
  }

  async destroy({ params, response }: HttpContext) {
    assertCanWrite()
    await deleteKeywordResearch(idParam(params, 'Keyword research'))
    response.status(204)
  }
}
