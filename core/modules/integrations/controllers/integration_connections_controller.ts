import type { HttpContext } from '@adonisjs/core/http'
import { Problem, keysetPage, NEWEST_FIRST, tenant, rawQuery, type Binding, idParam } from '#sdk'
import {
  createIntegrationValidator,
  integrationsQueryValidator,
  updateIntegrationValidator,
} from '../validators/integration_validator.js'
import {
  checkConfiguration,
  credentialFields,
  INTEGRATION_COLUMNS,
  sealCredentials,
} from '../services/integration_connection_service.js'

const SELECT = [...INTEGRATION_COLUMNS, 'credentials_encrypted']

/**
 * API-key style integrations (seed table `integration_connections`): the
 * caller's connections in the current workspace, with credentials sealed by
 * the vault's cipher and never returned (only their field names).
 */
export default class IntegrationConnectionsController {
  async index({ request }: HttpContext) {
    const query = await integrationsQueryValidator.validate(request.qs())
    const { trx } = tenant()
    const builder = trx.from('integration_connections').select(SELECT)
    if (query.service_name) builder.where('service_name', query.service_name)
    if (query.connection_status) builder.where('connection_status', query.connection_status)
    const page = await keysetPage(builder, {
      ...query,
      ...NEWEST_FIRST,
    })
    return { ...page, data: page.data.map(present) }
  }

  async store({ request, response }: HttpContext) {
    const input = await request.validateUsing(createIntegrationValidator)
    checkConfiguration(input.configuration)
    const { trx, workspaceId, userId } = tenant()
    const result = await rawQuery(
      trx,
      `insert into integration_connections
          (workspace_id, user_id, service_name, connection_status, configuration, credentials_encrypted)
        values (?, ?, ?, ?, ?::jsonb, ?)
        on conflict (workspace_id, user_id, service_name) do nothing
        returning ${SELECT.join(', ')}`,
      [
        workspaceId,
        userId,
        input.service_name,
        input.connection_status ?? (input.credentials ? 'connected' : 'pending'),
        JSON.stringify(input.configuration ?? {}),
        input.credentials ? sealCredentials(input.credentials) : null,
      ]
    )
    if (!result.rows[0]) {
      throw Problem.conflict(`You already have a "${input.service_name}" connection here`)
    }
    response.status(201)
    return present(result.rows[0])
  }

  async show({ params }: HttpContext) {
    const id = idParam(params)
    return present(await load(id))
  }

  async update({ params, request }: HttpContext) {
    const id = idParam(params)
    await load(id)
    const input = await request.validateUsing(updateIntegrationValidator)
    checkConfiguration(input.configuration)
    const sets: string[] = []
    const values: Binding[] = []
    const assign = (column: string, value: Binding, cast = '') => {
      sets.push(`${column} = ?${cast}`)
      values.push(value)
    }
    if (input.connection_status !== undefined) assign('connection_status', input.connection_status)
    if (input.sync_status !== undefined) assign('sync_status', input.sync_status)
    if (input.last_sync_at !== undefined)
      assign('last_sync_at', input.last_sync_at, '::timestamptz')
    if (input.error_message !== undefined) assign('error_message', input.error_message)
    if (input.configuration !== undefined) {
      assign('configuration', JSON.stringify(input.configuration), '::jsonb')
    }
    if (input.credentials !== undefined) {
      assign('credentials_encrypted', input.credentials ? sealCredentials(input.credentials) : null)
    }
    if (!sets.length) return present(await load(id))
    const { trx } = tenant()
    const result = await rawQuery(
      trx,
      `update integration_connections set ${sets.join(', ')} where id = ? returning ${SELECT.join(', ')}`,
      [...values, id]
    )
    if (!result.rows[0]) throw Problem.notFound('Integration connection')
    return present(result.rows[0])
  }

  async destroy({ params, response }: HttpContext) {
    const id = idParam(params)
    const { trx } = tenant()
    const deleted = await trx.from('integration_connections').where('id', id).delete()
    if (!Number(deleted)) throw Problem.notFound('Integration connection')
    response.status(204)
  }
}

async function load(id: string) {
  const row = await tenant()
    .trx.from('integration_connections')
    .select(SELECT)
    .where('id', id)
    .first()
  if (!row) throw Problem.notFound('Integration connection')
  return row
}

/** The connection without its sealed credentials: only which fields they hold. */
function present(row: Record<string, any>) {
  const { credentials_encrypted: sealed, ...rest } = row
  return { ...rest, credential_fields: credentialFields(sealed) }
}
