import type { HttpContext } from '@adonisjs/core/http'
import { emitEvent, idParam, keysetPage, NEWEST_FIRST, Problem } from '#sdk'
import {
  createPositioningValidator,
  diffValidator,
  editPositioningValidator,
  listValidator,
  regenerateValidator,
} from '../validators/strategy_validator.js'
import {
  activatePositioning,
  activePositioning,
  createPositioning,
  deletePositioning,
  editPositioning,
  findPositioning,
  regeneratePositioning,
} from '../services/positioning_service.js'
import { positioningResource } from '../services/positioning_resource.js'
import { diffVersions, listVersions } from '../services/version_service.js'
import { assertCanWrite } from '../services/access.js'

/** Positioning analyses (3Cs): generate, read, edit, regenerate, versions, diff, activate. */
export default class PositioningController {
  async index({ request }: HttpContext) {
    const query = await listValidator.validate(request.qs())
    return keysetPage(positioningResource.query(), { ...query, ...NEWEST_FIRST })
  }

  async store({ request, response }: HttpContext) {
    assertCanWrite()
    const input = await request.validateUsing(createPositioningValidator)
    response.status(201)
    return createPositioning(input)
  }

  async show({ params }: HttpContext) {
    return findPositioning(idParam(params, 'Positioning analysis'))
  }

  /** The workspace's active positioning; 404 when none is active. */
  async active() {
    const row = await activePositioning()
    if (!row) throw Problem.notFound('Active positioning')
    return row
  }

  async update({ params, request }: HttpContext) {
    assertCanWrite()
    const id = idParam(params, 'Positioning analysis')
    const input = await request.validateUsing(editPositioningValidator)
    return editPositioning(id, input)
  }

  async regenerate({ params, request }: HttpContext) {
    assertCanWrite()
    const id = idParam(params, 'Positioning analysis')
    const input = await request.validateUsing(regenerateValidator)
    return regeneratePositioning(id, input)
  }

  async activate({ params }: HttpContext) {
    assertCanWrite()
    const row = await activatePositioning(idParam(params, 'Positioning analysis'))
    await emitEvent('strategy.positioning.activated', {
      positioning_id: row.id,
      version: row.current_version,
    })
    return row
  }

  async versions({ params }: HttpContext) {
    const id = idParam(params, 'Positioning analysis')
    await findPositioning(id)
    return { data: await listVersions('positioning', id) }
  }

  async diff({ params, request }: HttpContext) {
    const id = idParam(params, 'Positioning analysis')
    const query = await diffValidator.validate(request.qs())
    await findPositioning(id)
    return diffVersions('positioning', id, query.from, query.to)
  }

  async destroy({ params, response }: HttpContext) {
    assertCanWrite()
    await deletePositioning(idParam(params, 'Positioning analysis'))
    response.status(204)
  }
}
