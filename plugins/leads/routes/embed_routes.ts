import router from '@adonisjs/core/services/router'
import { defineSchema } from '#sdk'
import { embedSchemas } from '#modules/embed/services/index'
import { embedLeadValidator } from '../validators/embed_lead_validator.js'

const EmbedLeadsController = () => import('../controllers/embed_leads_controller.js')

/**
 * Public routes of `<aip-lead-form>`. Declared `auth: 'embed'`: the core puts
 * the embed key middleware (origin, capability, rate limit, app_anon) in front
 * of them instead of the tenant middleware.
 */
export function registerEmbedLeadRoutes() {
  router.get('/embed/forms/lead', [EmbedLeadsController, 'form']).openapi({
    operationId: 'leads.embed_forms.show',
    summary: 'The lead form of this embed key (fields, labels, consent text)',
    tag: 'Leads',
    auth: 'embed',
    capability: 'leads:submit',
    responses: {
      200: {
        description: "The key's own form, or the default lead form (custom: false)",
        schema: defineSchema('EmbedLeadForm', {
          type: 'object',
          required: ['custom', 'definition'],
          properties: { custom: { type: 'boolean' }, definition: embedSchemas.FormDefinition },
        }),
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
