import type { HttpContext } from '@adonisjs/core/http'
import {
  Problem,
  keysetPage,
  NEWEST_FIRST,
  tenant,
  pageQueryValidator,
  deleteSecret,
  secretResource,
  storeSecret,
  recordSecretAudit,
} from '#sdk'
import {
  putSecretValidator,
  secretAuditQueryValidator,
  serviceNameParam,
} from '../validators/secret_validator.js'

/**
 * The caller's secrets in the current workspace: write-only values, readable
 * metadata, and their audit trail. Plaintext never leaves the server; the AI
 * gateway and integrations read values through revealSecret().
 */
export default class SecretsController {
  /** Metadata of the caller's secrets, by service name; each listed secret is audited as read. */
  async index({ request }: HttpContext) {
    const query = await pageQueryValidator.validate(request.qs())
    const { trx } = tenant()
    const page = await keysetPage<{ service_name: string }>(secretResource.query(trx), {
      ...query,
      keys: [{ column: 'service_name', cast: 'text' }],
      direction: 'asc',
    })
    await recordSecretAudit(
      page.data.map((secret) => ({ serviceName: secret.service_name, operation: 'read' as const }))
    )
    return page
  }

  /** Creates (201) or replaces (200) a secret. */
  async update({ params, request, response }: HttpContext) {
    const [error, param] = await serviceNameParam.tryValidate({
      service_name: params.service_name,
    })
    if (error) {
      throw Problem.invalidField(
        'service_name',
        'The service name must be a lower-case identifier (letters, digits, _ . -; at most 64)',
        'regex'
      )
    }
    const input = await request.validateUsing(putSecretValidator)
    const { secret, created } = await storeSecret(param.service_name, input.value, {
      metadata: input.metadata,
      isActive: input.is_active,
    })
    response.status(created ? 201 : 200)
    return secret
  }

  async destroy({ params, response }: HttpContext) {
    const [error, param] = await serviceNameParam.tryValidate({
      service_name: params.service_name,
    })
    if (error || !(await deleteSecret(param.service_name))) throw Problem.notFound('Secret')
    response.status(204)
  }

  /** The caller's secret audit trail, newest first. */
  async audit({ request }: HttpContext) {
    const query = await secretAuditQueryValidator.validate(request.qs())
    const { trx } = tenant()
    const builder = trx
      .from('secret_audit_logs')
      .select(
        'id',
        'workspace_id',
        'user_id',
        'service_name',
        'operation',
        'purpose',
        trx.raw('host(ip_address) as ip_address'),
        'user_agent',
        'success',
        'error_message',
        'created_at'
      )
    if (query.service_name) builder.where('service_name', query.service_name)
    if (query.operation) builder.where('operation', query.operation)
    return keysetPage(builder, {
      limit: query.limit,
      cursor: query.cursor,
      ...NEWEST_FIRST,
    })
  }
}
