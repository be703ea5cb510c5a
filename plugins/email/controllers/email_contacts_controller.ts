import type { HttpContext } from '@adonisjs/core/http'
import { Problem, emitEvent, idParam, keysetPage, NEWEST_FIRST, tenant } from '#sdk'
import {
  createContactValidator,
  importLeadsValidator,
  listContactsValidator,
  updateContactValidator,
} from '../validators/email_validator.js'
import { contactResource } from '../services/contact_resource.js'
import {
  contactEvent,
  createContact,
  findContactOrFail,
  importContactsFromLeads,
  queueOptInMail,
} from '../services/contact_service.js'
import { suppress } from '../services/suppression_service.js'

/** Contacts: consent required, double opt-in, import from consenting leads. */
export default class EmailContactsController {
  async index({ request }: HttpContext) {
    const query = await listContactsValidator.validate(request.qs())
    const builder = contactResource.query(tenant().trx)
    if (query.subscription_status) builder.where('subscription_status', query.subscription_status)
    if (query.tag) builder.whereRaw('tags @> ?::text[]', [[query.tag.toLowerCase()]])
    return keysetPage(builder, { limit: query.limit, cursor: query.cursor, ...NEWEST_FIRST })
  }

  async store({ request, response }: HttpContext) {
    const input = await request.validateUsing(createContactValidator)
    response.status(201)
    return createContact(input)
  }

  async show({ params }: HttpContext) {
    return findContactOrFail(idParam(params, 'Contact'))
  }

  /** Changes name, company, tags, metadata; `subscription_status: unsubscribed` suppresses. */
  async update({ params, request }: HttpContext) {
    const id = idParam(params, 'Contact')
    const input = await request.validateUsing(updateContactValidator)
    const before = await findContactOrFail(id)
    const patch: Record<string, unknown> = contactResource.values(input, 'update')
    if (input.metadata) patch.metadata = JSON.stringify(input.metadata)
    if (Object.keys(patch).length)
      await tenant().trx.from('email_contacts').where('id', id).update(patch)
    if (
      input.subscription_status === 'unsubscribed' &&
      before.subscription_status !== 'unsubscribed'
    ) {
      await suppress(before, 'unsubscribed', null)
    }
    const after = await findContactOrFail(id)
    const added = after.tags.filter((tag) => !before.tags.includes(tag))
    if (added.length) await emitEvent('email_contact.tagged', { ...contactEvent(after), added })
    return after
  }

  async destroy({ params, response }: HttpContext) {
    const id = idParam(params, 'Contact')
    await findContactOrFail(id)
    await tenant().trx.from('email_contacts').where('id', id).delete()
    response.status(204)
  }

  /** Sends the opt-in mail again to a pending contact. */
  async resendConfirmation({ params, response }: HttpContext) {
    const contact = await findContactOrFail(idParam(params, 'Contact'))
    if (contact.subscription_status !== 'pending') {
      throw Problem.conflict('Only a pending contact gets a confirmation mail')
    }
    await queueOptInMail(contact)
    response.status(202)
    return { status: 'queued' as const, to: contact.email }
  }

  /** Creates contacts from the leads that gave marketing consent. */
  async importLeads({ request }: HttpContext) {
    const input = await request.validateUsing(importLeadsValidator)
    return importContactsFromLeads(input)
  }
}
