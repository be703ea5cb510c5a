import type { HttpContext } from '@adonisjs/core/http'
import { Problem, idParam } from '#sdk'
import { oauthConnectionsQueryValidator } from '../validators/integration_validator.js'
import {
  deleteConnection,
  findConnection,
  listConnections,
  scheduleRefresh,
} from '../services/oauth_connection_service.js'

/**
 * The caller's OAuth connections in the current workspace (social accounts and
 * business integrations). Tokens are never returned.
 */
export default class OAuthConnectionsController {
  async index({ request }: HttpContext) {
    const query = await oauthConnectionsQueryValidator.validate(request.qs())
    return listConnections(query)
  }

  async show({ params }: HttpContext) {
    return found(await findConnection(idParam(params)))
  }

  /** Refreshes the access token now, in a job (202). */
  async refresh({ params, response }: HttpContext) {
    const connection = found(await findConnection(idParam(params)))
    if (!connection.has_refresh_token) {
      throw Problem.conflict('This connection has no refresh token; connect the account again')
    }
    await scheduleRefresh(connection, { now: true })
    response.status(202)
    return { status: 'queued', connection_id: connection.id }
  }

  /** Disconnects: deletes the tokens now and revokes them at the provider in a job. */
  async destroy({ params, response }: HttpContext) {
    const connection = found(await findConnection(idParam(params)))
    await deleteConnection(connection)
    response.status(204)
  }
}
function found<T>(connection: T | null): T {
  if (!connection) throw Problem.notFound('Connection')
  return connection
}
