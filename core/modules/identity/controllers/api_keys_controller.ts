import { randomUUID } from 'node:crypto'
import type { HttpContext } from '@adonisjs/core/http'
import {
  Problem,
  keysetPage,
  NEWEST_FIRST,
  tenant,
  API_KEY_PREFIX,
  encode,
  newApiKeySecret,
  API_KEY_SCOPES,
  pageQueryValidator,
  requireCurrentRole,
  enabledPlugins,
  idParam,
} from '#sdk'
import { createApiKeyValidator } from '../validators/api_key_validator.js'
import { apiKeyResource } from '../services/api_key_resource.js'

/**
 * Workspace API keys for integrators (admins only). The key is shown once;
 * only its SHA-256 is stored. Keys act for their creator, inside their
 * workspace, limited to their scopes.
 */
export default class ApiKeysController {
  async index({ request }: HttpContext) {
    requireCurrentRole('admin')
    const query = await pageQueryValidator.validate(request.qs())
    const { trx, workspaceId } = tenant()
    return keysetPage(apiKeyResource.query(trx).where('workspace_id', workspaceId!), {
      ...query,
      ...NEWEST_FIRST,
    })
  }

  async store({ request, response }: HttpContext) {
    requireCurrentRole('admin')
    const input = await request.validateUsing(createApiKeyValidator)
    const known = await knownScopes()
    const unknown = input.scopes.find((scope) => !known.has(scope))
    if (unknown) {
      throw Problem.invalidField(
        'scopes',
        `Unknown scope "${unknown}". Known scopes: ${[...known].join(', ')}`,
        'scope'
      )
    }
    const { trx, workspaceId, userId } = tenant()
    const id = randomUUID()
    const { secret, hash } = newApiKeySecret()
    const key = encode(API_KEY_PREFIX, id, secret)
    const [apiKey] = await trx
      .insertQuery()
      .table('api_keys')
      .insert({
        id,
        workspace_id: workspaceId,
        created_by: userId,
        name: input.name,
        scopes: input.scopes,
        hash,
        hint: key.slice(-4),
        expires_at: input.expires_in_days
          ? new Date(Date.now() + input.expires_in_days * 86_400_000)
          : null,
      })
      .returning([...apiKeyResource.storedColumns])
    response.status(201)
    return { api_key: apiKey, key }
  }

  async destroy({ params, response }: HttpContext) {
    requireCurrentRole('admin')
    const id = idParam(params)
    const updated = await tenant()
      .trx.from('api_keys')
      .where({ id, workspace_id: tenant().workspaceId! })
      .whereNull('revoked_at')
      .update({ revoked_at: new Date() })
    if (!Number(updated)) throw Problem.notFound('API key')
    response.status(204)
  }
}

/** Scopes of the core plus those declared by enabled plugins. */
async function knownScopes() {
  const plugins = await enabledPlugins()
  return new Set<string>([...API_KEY_SCOPES, ...plugins.flatMap((plugin) => plugin.scopes ?? [])])
}
