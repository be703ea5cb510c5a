import type { HttpContext } from '@adonisjs/core/http'
import { idParam, keysetPage, NEWEST_FIRST } from '#sdk'
import {
  copilotFeedbackValidator,
  createCopilotSessionValidator,
  listValidator,
  saveCopilotSessionValidator,
} from '../validators/strategy_validator.js'
import {
  createSession,
  findSession,
  giveFeedback,
  regenerateSession,
  saveSession,
} from '../services/copilot_service.js'
import { copilotSessionResource } from '../services/copilot_session_resource.js'
import { assertCanWrite } from '../services/access.js'

/** Campaign copilot sessions: brief → plan, feedback and edits, save as a campaign. */
export default class CopilotSessionsController {
  async index({ request }: HttpContext) {
    const query = await listValidator.validate(request.qs())
    return keysetPage(copilotSessionResource.query(), { ...query, ...NEWEST_FIRST })
  }

  async store({ request, response }: HttpContext) {
    assertCanWrite()
    const input = await request.validateUsing(createCopilotSessionValidator)
    response.status(201)
    return createSession(input)
  }

  async show({ params }: HttpContext) {
    return findSession(idParam(params, 'Copilot session'))
  }

  async regenerate({ params }: HttpContext) {
    assertCanWrite()
    return regenerateSession(idParam(params, 'Copilot session'))
  }

  async feedback({ params, request }: HttpContext) {
    const id = idParam(params, 'Copilot session')
    const input = await request.validateUsing(copilotFeedbackValidator)
    return giveFeedback(id, input)
  }

  async save({ params, request, response }: HttpContext) {
    assertCanWrite()
    const id = idParam(params, 'Copilot session')
    const input = await request.validateUsing(saveCopilotSessionValidator)
    response.status(201)
    return saveSession(id, input)
  }
}
