import { randomBytes } from 'node:crypto'
import type { HttpContext } from '@adonisjs/core/http'
import {
  EMBED_SECRET_KEY_PREFIX,
  NEWEST_FIRST,
  Problem,
  idParam,
  keysetPage,
  pageQueryValidator,
  requireCurrentRole,
  sealText,
  tenant,
} from '#sdk'
import { createEmbedSecretKeyValidator } from '../validators/embed_session_validator.js'
import { embedSecretKeyResource } from '../services/embed_secret_key_resource.js'

/**
 * Workspace embed secret keys (admins only): what the host's backend signs
 * end-user session tokens with. The secret is shown once, on creation, and
 * stored sealed by the vault; rotation is create a new key, switch the
 * backend to it, revoke the old one (several keys may be active at once).
 */
export default class EmbedSecretKeysController {
  async index({ request }: HttpContext) {
    requireCurrentRole('admin')
    const query = await pageQueryValidator.validate(request.qs())
    const { trx, workspaceId } = tenant()
    return keysetPage(embedSecretKeyResource.query(trx).where('workspace_id', workspaceId!), {
      ...query,
      ...NEWEST_FIRST,
    })
  }

  async store({ request, response }: HttpContext) {
    requireCurrentRole('admin')
    const input = await request.validateUsing(createEmbedSecretKeyValidator)
    const { trx, workspaceId, userId } = tenant()
    const secret = EMBED_SECRET_KEY_PREFIX + randomBytes(32).toString('base64url')
    const [key] = await trx
      .insertQuery()
      .table('embed_secret_keys')
      .insert({
        workspace_id: workspaceId,
        created_by: userId,
        name: input.name,
        secret_encrypted: sealText(secret, 'embed.secret_key'),
        secret_hint: secret.slice(-4),
      })
      .returning([...embedSecretKeyResource.storedColumns])
    response.status(201)
    return { ...key, secret }
  }

  async destroy({ params, response }: HttpContext) {
    requireCurrentRole('admin')
    const id = idParam(params, 'Embed secret key')
    const { trx, workspaceId } = tenant()
    const updated = await trx
      .from('embed_secret_keys')
      .where({ id, workspace_id: workspaceId! })
      .whereNull('revoked_at')
      .update({ revoked_at: new Date() })
    if (!Number(updated)) throw Problem.notFound('Embed secret key')
    response.status(204)
  }
}
