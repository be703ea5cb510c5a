import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { HttpContext } from '@adonisjs/core/http'
import hash from '@adonisjs/core/services/hash'
import { DateTime } from 'luxon'
import privacyConfig from '../privacy_config.js'
import { Problem, tenant, rawQuery, enqueue, idParam } from '#sdk'
import { auditPrivacyAction, privacyRequestActions } from '../services/privacy_requests.js'
import { soleOwnedWorkspaces } from '../jobs/privacy_erasure.js'
import { privacyDeletionResource } from '../services/privacy_deletion_resource.js'
import {
  confirmDeletionValidator,
  createDeletionValidator,
} from '../validators/privacy_validator.js'

function tokenHash(token: string) {
  return createHash('sha256').update(token).digest()
}

/** List and show, shared with the other privacy request table. */
const requests = privacyRequestActions(privacyDeletionResource, 'Deletion request')

/**
 * Account erasure (GDPR right to be forgotten), in two steps: a request that
 * returns a one-time confirmation token, then a confirmation with that token
 * and the current password before it expires. Only then is the erasure job
 * enqueued; it erases everything the manifests declare and the account.
 */
export default class PrivacyDeletionsController {
  index = requests.index
  show = requests.show

  /** Step 1: records the request and returns the confirmation token, once (201). */
  async store({ request, response }: HttpContext) {
    const input = await request.validateUsing(createDeletionValidator)
    const { trx, workspaceId, userId } = tenant()
    await refuseIfBlocked(userId!)
    const running = await trx
      .from('data_deletion_requests')
      .whereIn('status', ['pending', 'processing'])
      .first()
    if (running) throw Problem.conflict(`Deletion ${running.request_id} is already under way`)
    const token = 'aip_del_' + randomBytes(24).toString('base64url')
    const expiresAt = DateTime.now().plus({ minutes: privacyConfig.deletionConfirmMinutes })
    const [row] = await trx
      .insertQuery()
      .table('data_deletion_requests')
      .insert({
        workspace_id: workspaceId,
        user_id: userId,
        reason: input.reason ?? null,
        confirmation_token_hash: tokenHash(token).toString('hex'),
        confirmation_expires_at: expiresAt.toJSDate(),
      })
      .returning([...privacyDeletionResource.columns])
    await auditPrivacyAction(request, 'deletion.requested', { request_id: row.request_id })
    response.status(201)
    return { deletion_request: row, confirmation_token: token }
  }

  /** Step 2: token + password; enqueues the erasure in the same transaction (202). */
  async confirm({ params, request, response }: HttpContext) {
    const id = idParam(params)
    const input = await request.validateUsing(confirmDeletionValidator)
    const { trx, userId } = tenant()
    const row = await trx.from('data_deletion_requests').where('id', id).forUpdate().first()
    if (!row) throw Problem.notFound('Deletion request')
    if (row.status !== 'awaiting_confirmation') {
      throw Problem.conflict(`The request is ${row.status}, not awaiting confirmation`)
    }
    if (!row.confirmation_expires_at || row.confirmation_expires_at <= new Date()) {
      throw new Problem(
        410,
        'confirmation-expired',
        'Gone',
        'The confirmation window has closed: request the deletion again'
      )
    }
    const expected = Buffer.from(row.confirmation_token_hash ?? '', 'hex')
    const given = tokenHash(input.token)
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw Problem.invalidField('token', 'The confirmation token is not valid', 'token')
    }
    const stored = await rawQuery<{ hash: string | null }>(
      trx,
      'select app.current_user_password_hash() as hash'
    )
    const passwordHash = stored.rows[0]?.hash
    if (!passwordHash || !(await hash.verify(passwordHash, input.password))) {
      throw Problem.invalidField('password', 'The password is not correct', 'password')
    }
    await refuseIfBlocked(userId!)
    const [updated] = await trx
      .from('data_deletion_requests')
      .where('id', id)
      .update({ status: 'pending', confirmed_at: new Date(), confirmation_token_hash: null })
      .returning([...privacyDeletionResource.columns])
    await trx.from('user_privacy_settings').update({ right_to_be_deleted_requested: true })
    await enqueue(
      'core/privacy_deletion',
      { request_id: id },
      { jobKey: `privacy_deletion:${id}`, maxAttempts: 3 }
    )
    await auditPrivacyAction(request, 'deletion.confirmed', { request_id: row.request_id })
    response.status(202)
    return updated
  }
}

/** 409 while the user is the only owner of a shared workspace (it would be left ownerless). */
async function refuseIfBlocked(userId: string) {
  const blocked = await soleOwnedWorkspaces(tenant().trx, userId)
  if (blocked.length) {
    throw Problem.conflict(
      `You are the only owner of ${blocked.map((workspace) => `"${workspace.name}"`).join(', ')}: ` +
        'make someone else an owner or delete the workspace before deleting your account'
    )
  }
}
