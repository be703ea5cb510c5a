import router from '@adonisjs/core/services/router'
import { defineSchema, uuidParams } from '#sdk'
import { embedLeadValidator } from '../validators/embed_lead_validator.js'
import { updateLeadFormValidator } from '../validators/lead_form_validator.js'
import { embedLeadForm, leadForm } from '../openapi/lead_form_schemas.js'

const EmbedLeadsController = () => import('../controllers/embed_leads_controller.js')
const LeadFormsController = () => import('../controllers/lead_forms_controller.js')

const idParams = uuidParams()

/**
 * Routes of `<aip-lead-form>`: the admin routes of each embed key's form, and
 * the public routes the element calls. The public ones are declared
 * `auth: 'embed'`: the core puts the embed key middleware (origin, capability,
 * rate limit, app_anon) in front of them instead of the tenant middleware.
 */
export function registerEmbedLeadRoutes() {
  router.get('/embed/keys/:id/lead-form', [LeadFormsController, 'show']).openapi({
    operationId: 'leads.lead_forms.show',
    summary: 'The lead form this embed key serves (admins); null: the default form',
    tag: 'Leads',
    scope: 'user',
    params: idParams,
    responses: { 200: { description: 'The lead form of the key', schema: leadForm } },
  })
  router.put('/embed/keys/:id/lead-form', [LeadFormsController, 'update']).openapi({
    operationId: 'leads.lead_forms.update',
    summary: "Set the embed key's own lead form, or null for the default form (admins)",
    tag: 'Leads',
    scope: 'user',
    params: idParams,
    body: updateLeadFormValidator,
    responses: {
      200: { description: 'The lead form of the key', schema: leadForm },
      409: { description: 'The embed key is revoked' },
    },
  })
  router.get('/embed/forms/lead', [EmbedLeadsController, 'form']).openapi({
    operationId: 'leads.embed_forms.show',
    summary: 'The lead form of this embed key (fields, labels, consent text)',
    tag: 'Leads',
    auth: 'embed',
    capability: 'leads:submit',
    responses: {
      200: {
        description: "The key's own form, or the default lead form (custom: false)",
        schema: embedLeadForm,
      },
    },
  })
  router.post('/embed/leads', [EmbedLeadsController, 'submit']).openapi({
    operationId: 'leads.embed_leads.submit',
    summary: 'Submit the embedded lead form (creates or merges the lead)',
    description:
      'Needs an embed key with `leads:submit`, called from one of its allowed origins. A filled `website_url` (honeypot) gets the same 202 and stores nothing.',
    tag: 'Leads',
    auth: 'embed',
    capability: 'leads:submit',
    body: embedLeadValidator,
    responses: {
      202: {
        description: 'Accepted',
        schema: defineSchema('EmbedSubmissionAccepted', {
          type: 'object',
          required: ['status'],
          properties: { status: { type: 'string', const: 'accepted' } },
        }),
      },
    },
  })
}
