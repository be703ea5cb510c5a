import type { HttpContext } from '@adonisjs/core/http'
import { idParam, Problem } from '#sdk'
import {
  createTemplateValidator,
  listTemplatesValidator,
  renderTemplateValidator,
  updateTemplateValidator,
} from '../validators/template_validator.js'
import {
  createTemplate,
  deleteTemplate,
  findTemplate,
  listTemplates,
  renderContentTemplate,
  updateTemplate,
} from '../services/template_service.js'
import { PLATFORM_TEMPLATES } from '../services/platform_templates.js'

/** Content templates: this workspace's, its agency's shared ones and the platform's. */
export default class ContentTemplatesController {
  async index({ request }: HttpContext) {
    return listTemplates(await listTemplatesValidator.validate(request.qs()))
  }

  /** The platform's global, read-only templates. */
  async platform() {
    return { data: PLATFORM_TEMPLATES }
  }

  async store({ request, response }: HttpContext) {
    const input = await request.validateUsing(createTemplateValidator)
    response.status(201)
    return createTemplate(input)
  }

  async show({ params }: HttpContext) {
    const template = await findTemplate(idParam(params, 'Template'))
    if (!template) throw Problem.notFound('Template')
    return template
  }

  async update({ params, request }: HttpContext) {
    const id = idParam(params, 'Template')
    return updateTemplate(id, await request.validateUsing(updateTemplateValidator))
  }

  async destroy({ params, response }: HttpContext) {
    await deleteTemplate(idParam(params, 'Template'))
    response.status(204)
  }

  /** Renders the template with values (422 lists every missing or bad value). */
  async render({ params, request }: HttpContext) {
    const id = idParam(params, 'Template')
    const { values, format } = await request.validateUsing(renderTemplateValidator)
    const rendered = await renderContentTemplate(id, values, format ?? 'text')
    if (!rendered) throw Problem.notFound('Template')
    return rendered
  }
}
