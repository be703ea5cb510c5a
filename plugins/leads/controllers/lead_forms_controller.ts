import type { HttpContext } from '@adonisjs/core/http'
import { Problem, idParam, requireCurrentRole } from '#sdk'
import { findEmbedKey } from '#modules/embed/services/index'
import { checkFormDefinition } from '../services/embed_form_service.js'
import { leadFormOf, saveLeadForm } from '../services/lead_form_service.js'
import { updateLeadFormValidator } from '../validators/lead_form_validator.js'

/** The embed key named by the `:id` parameter (404 when malformed or not in the workspace). */
function embedKeyParam(params: Record<string, unknown>) {
  return findEmbedKey(idParam(params, 'Embed key'))
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
