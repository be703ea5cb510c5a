import type { HttpContext } from '@adonisjs/core/http'
import { NEWEST_FIRST, Problem, idParam, keysetPage, requireCurrentRole, tenant } from '#sdk'
import { endUserQueryValidator } from '../validators/embed_session_validator.js'
import { embedEndUserResource } from '../services/embed_end_user_resource.js'

/**
 * The end users embed sessions have named (admins only): the workspace's
 * contact record of each host user, their sessions' revocation, and erasure
 * (a data subject's request; their chat sessions go with them, their tickets
 * stay with the workspace without the person).
 */
export default class EmbedEndUsersController {
  async index({ request }: HttpContext) {
    requireCurrentRole('admin')
    const { external_id: externalId, ...page } = await endUserQueryValidator.validate(request.qs())
    const { trx, workspaceId } = tenant()
    const query = embedEndUserResource.query(trx).where('workspace_id', workspaceId!)
    if (externalId) query.where('external_id', externalId)
    return keysetPage(query, { ...page, ...NEWEST_FIRST })
  }

  async show({ params }: HttpContext) {
    requireCurrentRole('admin')
    return findEndUser(idParam(params, 'End user'))
  }

  /** Refuses every session token of the end user issued until now. */
  async revokeSessions({ params }: HttpContext) {
    requireCurrentRole('admin')
    const id = idParam(params, 'End user')
    const { trx, workspaceId } = tenant()
    const [row] = await trx
      .from('embed_end_users')
      .where({ id, workspace_id: workspaceId! })
      .update({ sessions_revoked_before: trx.raw('now()') })
      .returning([...embedEndUserResource.storedColumns])
    if (!row) throw Problem.notFound('End user')
    return row
  }

  async destroy({ params, response }: HttpContext) {
    requireCurrentRole('admin')
    const id = idParam(params, 'End user')
    const { trx, workspaceId } = tenant()
    const deleted = await trx
      .from('embed_end_users')
      .where({ id, workspace_id: workspaceId! })
      .delete()
    if (!Number(deleted)) throw Problem.notFound('End user')
    response.status(204)
  }
}

/** One end user of the current workspace, or 404 (also for other workspaces'). */
async function findEndUser(id: string) {
  const { trx, workspaceId } = tenant()
  const row = await embedEndUserResource
    .query(trx)
    .where({ id, workspace_id: workspaceId! })
    .first()
  if (!row) throw Problem.notFound('End user')
  return row
}
