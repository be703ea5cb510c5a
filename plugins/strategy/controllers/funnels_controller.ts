import type { HttpContext } from '@adonisjs/core/http'
import { idParam, keysetPage, NEWEST_FIRST } from '#sdk'
import {
  createFunnelValidator,
  diffValidator,
  editFunnelValidator,
  listValidator,
  whatIfValidator,
} from '../validators/strategy_validator.js'
import {
  createFunnel,
  deleteFunnel,
  editFunnel,
  findFunnel,
  funnelWhatIf,
} from '../services/funnel_service.js'
import { funnelResource } from '../services/funnel_resource.js'
import { diffVersions, listVersions } from '../services/version_service.js'
import { assertCanWrite } from '../services/access.js'

/** Funnel designs: stages from the workspace's data, versions, diff and what-if scenarios. */
export default class FunnelsController {
  async index({ request }: HttpContext) {
    const query = await listValidator.validate(request.qs())
    return keysetPage(funnelResource.query(), { ...query, ...NEWEST_FIRST })
  }

  async store({ request, response }: HttpContext) {
    assertCanWrite()
    const input = await request.validateUsing(createFunnelValidator)
    response.status(201)
    return createFunnel(input)
  }

  async show({ params }: HttpContext) {
    return findFunnel(idParam(params, 'Funnel design'))
  }

  async update({ params, request }: HttpContext) {
    assertCanWrite()
    const id = idParam(params, 'Funnel design')
    return editFunnel(id, await request.validateUsing(editFunnelValidator))
  }

  /** A scenario: one stage's rate changed; nothing is stored. */
  async whatIf({ params, request }: HttpContext) {
    const id = idParam(params, 'Funnel design')
    const input = await request.validateUsing(whatIfValidator)
    return funnelWhatIf(id, input.stage, input.rate)
  }

  async versions({ params }: HttpContext) {
    const id = idParam(params, 'Funnel design')
    await findFunnel(id)
    return { data: await listVersions('funnel', id) }
  }

  async diff({ params, request }: HttpContext) {
    const id = idParam(params, 'Funnel design')
    const query = await diffValidator.validate(request.qs())
    await findFunnel(id)
    return diffVersions('funnel', id, query.from, query.to)
  }

  async destroy({ params, response }: HttpContext) {
    assertCanWrite()
    await deleteFunnel(idParam(params, 'Funnel design'))
    response.status(204)
  }
}
