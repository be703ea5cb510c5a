import type { HttpContext } from '@adonisjs/core/http'
import { keysetPage, NEWEST_FIRST, tenant } from '#sdk'
import { listAccessLogsValidator } from '../validators/search_validator.js'
import { accessLogResource } from '../services/access_log_resource.js'

/**
 * GET /v1/knowledge/access-logs: the caller's own knowledge access log (RLS
 * keeps it private to its user), newest first; `search_id` narrows it to the
 * hits of one search.
 */
export default class KnowledgeAccessLogsController {
  async index({ request }: HttpContext) {
    const input = await listAccessLogsValidator.validate(request.qs())
    const { trx, workspaceId, userId } = tenant()
    const query = accessLogResource
      .query(trx)
      .where({ workspace_id: workspaceId!, user_id: userId! })
    if (input.search_id) query.where('search_id', input.search_id)
    return keysetPage(query, { limit: input.limit, cursor: input.cursor, ...NEWEST_FIRST })
  }
}
