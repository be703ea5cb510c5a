import type { HttpContext } from '@adonisjs/core/http'
import { keysetPage, tenant, requireCurrentRole } from '#sdk'
import { auditQueryValidator } from '../validators/audit_validator.js'

/**
 * The audit trail of the current workspace (admins): which table and row
 * changed, how, which columns, by whom and when.
 */
export default class AuditLogController {
  async index({ request }: HttpContext) {
    requireCurrentRole('admin')
    const query = await auditQueryValidator.validate(request.qs())
    const { trx, workspaceId } = tenant()
    const builder = trx
      .from('audit_log')
      .select(
        trx.raw('id::text as id'),
        'workspace_id',
        'table_name',
        'row_id',
        'operation',
        'changed_columns',
        'actor_id',
        'occurred_at'
      )
      .where('workspace_id', workspaceId!)
    if (query.table_name) builder.where('table_name', query.table_name)
    if (query.row_id) builder.where('row_id', query.row_id)
    return keysetPage(builder, {
      limit: query.limit,
      cursor: query.cursor,
      keys: [{ column: 'audit_log.id', cast: 'bigint' }],
      direction: 'desc',
    })
  }
}
