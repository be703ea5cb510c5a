import { randomBytes } from 'node:crypto'
import type { HttpContext } from '@adonisjs/core/http'
import {
  Problem,
  keysetPage,
  NEWEST_FIRST,
  tenant,
  knownEmbedCapabilities,
  pageQueryValidator,
  requireCurrentRole,
  idParam,
} from '#sdk'
import {
  createEmbedKeyValidator,
  updateEmbedKeyValidator,
} from '../validators/embed_key_validator.js'
import { embedKeyResource } from '../services/embed_key_resource.js'

/** Prefix of publishable embed keys. */
const EMBED_KEY_PREFIX = 'pk_'

/**
 * Publishable embed keys of the current workspace (admins only): the keys
 * widgets on the workspace's own sites use, limited to allowed origins and
 * capabilities. The key is public by design, so it is listed like any field.
 */
export default class EmbedKeysController {
  async index({ request }: HttpContext) {
    requireCurrentRole('admin')
    const query = await pageQueryValidator.validate(request.qs())
    const { trx, workspaceId } = tenant()
    return keysetPage(embedKeyResource.query(trx).where('workspace_id', workspaceId!), {
      ...query,
      ...NEWEST_FIRST,
    })
  }

  async show({ params }: HttpContext) {
    requireCurrentRole('admin')
    const id = idParam(params, 'Embed key')
    return findKey(id)
  }

  async store({ request, response }: HttpContext) {
    requireCurrentRole('admin')
    const input = await request.validateUsing(createEmbedKeyValidator)
    await checkCapabilities(input.capabilities)
    const { trx, workspaceId, userId } = tenant()
    const [key] = await trx
      .insertQuery()
      .table('embed_keys')
      .insert({
        workspace_id: workspaceId,
        created_by: userId,
        name: input.name,
        public_key: EMBED_KEY_PREFIX + randomBytes(24).toString('base64url'),
        allowed_origins: input.allowed_origins,
        capabilities: input.capabilities,
        rate_limit_per_minute: input.rate_limit_per_minute ?? 30,
      })
      .returning([...embedKeyResource.storedColumns])
    response.status(201)
    return key
  }

  async update({ params, request }: HttpContext) {
    requireCurrentRole('admin')
    const id = idParam(params, 'Embed key')
    const input = await request.validateUsing(updateEmbedKeyValidator)
    const current = await findKey(id)
    if (current.revoked_at) throw Problem.conflict('A revoked embed key cannot be changed')
    if (input.capabilities) await checkCapabilities(input.capabilities)
    const changes: Record<string, unknown> = {}
    if (input.name !== undefined) changes.name = input.name
    if (input.allowed_origins !== undefined) changes.allowed_origins = input.allowed_origins
    if (input.capabilities !== undefined) changes.capabilities = input.capabilities
    if (input.rate_limit_per_minute !== undefined)
      changes.rate_limit_per_minute = input.rate_limit_per_minute
    if (!Object.keys(changes).length) return current
    const [key] = await tenant()
      .trx.from('embed_keys')
      .where({ id, workspace_id: tenant().workspaceId! })
      .update(changes)
      .returning([...embedKeyResource.storedColumns])
    return key
  }

  async destroy({ params, response }: HttpContext) {
    requireCurrentRole('admin')
    const id = idParam(params, 'Embed key')
    const updated = await tenant()
      .trx.from('embed_keys')
      .where({ id, workspace_id: tenant().workspaceId! })
      .whereNull('revoked_at')
      .update({ revoked_at: new Date() })
    if (!Number(updated)) throw Problem.notFound('Embed key')
    response.status(204)
  }
}

/** One key of the current workspace, or 404 (also for other workspaces' keys). */
async function findKey(id: string) {
  const { trx, workspaceId } = tenant()
  const key = await embedKeyResource.query(trx).where({ id, workspace_id: workspaceId! }).first()
  if (!key) throw Problem.notFound('Embed key')
  return key
}

/** Refuses capabilities no enabled part of the platform offers (422). */
async function checkCapabilities(capabilities: string[]) {
  const known = await knownEmbedCapabilities()
  const unknown = capabilities.find((capability) => !(capability in known))
  if (unknown) {
    const list = Object.keys(known).join(', ') || 'none (no enabled plugin offers embeds)'
    throw Problem.invalidField(
      'capabilities',
      `Unknown capability "${unknown}". Known capabilities: ${list}`,
      'capability'
    )
  }
}
