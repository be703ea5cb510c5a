import type { HttpContext } from '@adonisjs/core/http'
import { Problem } from '#core/http/problem'
import { requireCurrentRole } from '#services/workspace_service'
import { uuidParam } from '#validators/common_validator'
import { checkFormDefinition } from '../services/embed_form_service.js'
import { findEmbedKey, leadFormOf, saveLeadForm } from '../services/lead_form_service.js'
import { updateLeadFormValidator } from '../validators/lead_form_validator.js'

/** The embed key named by the `:id` parameter (404 when malformed or not in the workspace). */
async function embedKeyParam(params: Record<string, unknown>) {
  const { id } = await uuidParam.validate(params).catch(() => {
    throw Problem.notFound('Embed key')
  })
  return findEmbedKey(id)
}

/**
 * The lead form each embed key serves to `<aip-lead-form>` (admins only,
 * like the keys themselves): read it, set it, or go back to the default form.
 */
export default class LeadFormsController {
  async show({ params }: HttpContext) {
    requireCurrentRole('admin')
    const key = await embedKeyParam(params)
    return leadFormOf(key.id)
  }

  async update({ params, request }: HttpContext) {
    requireCurrentRole('admin')
    const key = await embedKeyParam(params)
    const input = await request.validateUsing(updateLeadFormValidator)
    if (key.revoked) throw Problem.conflict('A revoked embed key cannot be changed')
    if (input.form_definition) checkFormDefinition(input.form_definition)
    return saveLeadForm(key.id, input.form_definition)
  }
}
