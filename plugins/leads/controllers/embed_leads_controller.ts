import type { HttpContext } from '@adonisjs/core/http'
import { captureLead } from '../services/index.js'
import { checkSubmission, DEFAULT_LEAD_FORM } from '../services/embed_form_service.js'
import { ownFormDefinition } from '../services/lead_form_service.js'
import { embedLeadValidator } from '../validators/embed_lead_validator.js'

/** The one answer to a submission, real or caught by the honeypot: bots learn nothing. */
const ACCEPTED = { status: 'accepted' }

/**
 * Public lead capture for `<aip-lead-form>` on the workspace's own sites
 * (embed key with `leads:submit`, allowed origin, rate limited; runs as
 * app_anon in the key's workspace).
 */
export default class EmbedLeadsController {
  /** The form the key serves: its own definition, or the default lead form. */
  async form({ embedKey }: HttpContext) {
    const custom = await ownFormDefinition(embedKey!.id)
    return { custom: Boolean(custom), definition: custom ?? DEFAULT_LEAD_FORM }
  }

  /**
   * Records a submission: a filled honeypot answers the same 202 and stores
   * nothing; otherwise the values are checked against the form, and the lead
   * is created or merged with a `form_filled` activity, consent and score.
   */
  async submit({ request, response, embedKey }: HttpContext) {
    response.status(202)
    const honeypot = request.input('website_url')
    if (typeof honeypot === 'string' ? honeypot.trim() !== '' : Boolean(honeypot)) return ACCEPTED

    const input = await request.validateUsing(embedLeadValidator)
    const custom = await ownFormDefinition(embedKey!.id)
    const definition = custom ?? DEFAULT_LEAD_FORM
    const checked = checkSubmission(definition, input.fields, input.consent, Boolean(custom))
    await captureLead({
      ...checked.columns,
      source: 'embed',
      consent: checked.consent,
      fields: checked.custom,
      activity: {
        type: 'form_filled',
        description: definition.title ?? 'Embedded lead form',
        data: {
          embed_key_id: embedKey!.id,
          origin: embedKey!.origin,
          page_url: input.page_url ?? null,
          locale: input.locale ?? null,
        },
      },
    })
    return ACCEPTED
  }
}
