import type { HttpContext } from '@adonisjs/core/http'
import {
  NEWEST_FIRST,
  Problem,
  idParam,
  keysetPage,
  pageQueryValidator,
  queueMail,
  tenant,
} from '#sdk'
import {
  createTemplateValidator,
  previewTemplateValidator,
  updateTemplateValidator,
} from '../validators/email_validator.js'
import { templateResource, type TemplateRow } from '../services/template_resource.js'
import { compileTemplate, contactValues, renderMessage } from '../services/template_service.js'
import { findContactOrFail } from '../services/contact_service.js'

async function findTemplateOrFail(id: string) {
  const template = await templateResource.query(tenant().trx).where('id', id).first()
  if (!template) throw Problem.notFound('Template')
  return template as TemplateRow
}

/** Merge-field values of a preview: a contact's, or given ones, plus a sample unsubscribe link. */
async function previewValues(input: { values?: Record<string, unknown>; contact_id?: string }) {
  const base = input.contact_id ? contactValues(await findContactOrFail(input.contact_id)) : {}
  return { unsubscribe_url: '#unsubscribe-preview', ...base, ...(input.values ?? {}) }
}

/** E-mail templates: MJML compiled to responsive HTML, merge fields, preview and test send. */
export default class EmailTemplatesController {
  async index({ request }: HttpContext) {
    const query = await pageQueryValidator.validate(request.qs())
    return keysetPage(templateResource.query(tenant().trx), { ...query, ...NEWEST_FIRST })
  }

  async store({ request, response }: HttpContext) {
    const input = await request.validateUsing(createTemplateValidator)
    const compiled = await compileTemplate(input)
    const { trx, workspaceId, userId } = tenant()
    const [row] = await trx
      .insertQuery()
      .table('email_templates')
      .insert({
        ...templateResource.values(input, 'create'),
        ...compiled,
        variables: JSON.stringify(compiled.variables),
        metadata: JSON.stringify(input.metadata ?? {}),
        workspace_id: workspaceId,
        created_by: userId,
      })
      .returning(['id'])
    response.status(201)
    return findTemplateOrFail(row.id)
  }

  async show({ params }: HttpContext) {
    return findTemplateOrFail(idParam(params, 'Template'))
  }

  async update({ params, request }: HttpContext) {
    const id = idParam(params, 'Template')
    const input = await request.validateUsing(updateTemplateValidator)
    const current = await findTemplateOrFail(id)
    const merged = {
      subject_line: input.subject_line ?? current.subject_line,
      mjml_content:
        input.html_content !== undefined ? null : (input.mjml_content ?? current.mjml_content),
      html_content: input.html_content ?? current.html_content,
      plain_text: input.plain_text !== undefined ? input.plain_text : current.plain_text,
    }
    const compiled = await compileTemplate(merged)
    await tenant()
      .trx.from('email_templates')
      .where('id', id)
      .update({
        ...templateResource.values(input, 'update'),
        mjml_content: merged.mjml_content,
        html_content: compiled.html_content,
        variables: JSON.stringify(compiled.variables),
        ...(input.metadata ? { metadata: JSON.stringify(input.metadata) } : {}),
      })
    return findTemplateOrFail(id)
  }

  async destroy({ params, response }: HttpContext) {
    const id = idParam(params, 'Template')
    await findTemplateOrFail(id)
    const used = await tenant().trx.from('email_campaigns').where('template_id', id).first()
    if (used) throw Problem.conflict('Campaigns use this template')
    await tenant().trx.from('email_templates').where('id', id).delete()
    response.status(204)
  }

  /** Renders the template for a contact or given values: subject, HTML and text. */
  async preview({ params, request }: HttpContext) {
    const template = await findTemplateOrFail(idParam(params, 'Template'))
    const input = await request.validateUsing(previewTemplateValidator)
    return renderMessage(template, await previewValues(input))
  }

  /** Queues one rendered message to the caller (or `to`), with the workspace's sender. */
  async test({ params, request, response }: HttpContext) {
    const template = await findTemplateOrFail(idParam(params, 'Template'))
    const input = await request.validateUsing(previewTemplateValidator)
    const rendered = await renderMessage(template, await previewValues(input))
    const { trx, userId } = tenant()
    const me = await trx.from('users').select('email').where('id', userId!).first()
    const to = input.to ?? me?.email
    if (!to) throw Problem.invalidField('to', 'An address is required for an API key')
    await queueMail({ to, ...rendered, subject: `[Test] ${rendered.subject}` })
    response.status(202)
    return { status: 'queued' as const, to }
  }
}
