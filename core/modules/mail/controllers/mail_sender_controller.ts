import type { HttpContext } from '@adonisjs/core/http'
import { Problem, queueMail, requireCurrentRole, tenant } from '#sdk'
import { senderIdentityValidator, testMailValidator } from '../validators/mail_validator.js'
import { findSenderIdentity, saveSenderIdentity } from '../services/sender_identity_service.js'

/**
 * The workspace's sender identity: who its mail comes from, where replies go,
 * and the DKIM key that signs it. Members read it; admins set it.
 */
export default class MailSenderController {
  /** The sender identity, or 404 when the workspace uses the platform's sender. */
  async show() {
    const identity = await findSenderIdentity()
    if (!identity) throw Problem.notFound('Sender identity')
    return identity
  }

  /** Creates or replaces the sender identity (admins). */
  async update({ request }: HttpContext) {
    requireCurrentRole('admin')
    const input = await request.validateUsing(senderIdentityValidator)
    return saveSenderIdentity(input)
  }

  /** Removes the sender identity and its key (admins): mail goes out as the platform. */
  async destroy({ response }: HttpContext) {
    requireCurrentRole('admin')
    const deleted = await tenant().trx.from('mail_sender_identities').delete()
    if (!deleted) throw Problem.notFound('Sender identity')
    response.status(204)
  }

  /** Queues a test message with the sender identity, to the caller or a given address (admins). */
  async test({ request, response }: HttpContext) {
    requireCurrentRole('admin')
    const input = await request.validateUsing(testMailValidator)
    const { trx, userId } = tenant()
    const me = await trx.from('users').select('email').where('id', userId!).first()
    const to = input.to ?? me?.email
    if (!to) throw Problem.invalidField('to', 'An address is required for an API key')
    await queueMail({
      to,
      subject: 'Test message from your workspace',
      text: 'This test message was sent with the sender identity of your workspace. If it arrived with a valid DKIM signature, the identity works.',
    })
    response.status(202)
    return { status: 'queued' as const, to }
  }
}
