import { HttpContext } from '@adonisjs/core/http'
import { tenant } from '#core/tenancy/tenant_context'
import { rawQuery } from '#core/database/raw_query'

/** Operations recorded in `secret_audit_logs`. */
export type SecretOperation = 'create' | 'read' | 'update' | 'delete' | 'reveal' | 'rotate'

/** One audit entry to write; who, where and from which client come from the context. */
export interface SecretAuditEntry {
  serviceName: string
  operation: SecretOperation
  success?: boolean
  errorMessage?: string | null
  purpose?: string | null
}

const MAX_USER_AGENT = 512

/**
 * Writes audit rows for secret operations in the current tenant transaction,
 * as the current user, with the request's client IP and user agent (null in
 * jobs and commands). One statement whatever the number of entries.
 */
export async function recordSecretAudit(entries: SecretAuditEntry[]) {
  if (!entries.length) return
  const { trx, workspaceId, userId } = tenant()
  const request = HttpContext.get()?.request
  const ip = request?.ip() ?? null
  const userAgent = request?.header('user-agent')?.slice(0, MAX_USER_AGENT) ?? null
  await rawQuery(
    trx,
    `insert into secret_audit_logs
       (workspace_id, user_id, service_name, operation, purpose, ip_address, user_agent, success, error_message)
     select ?::uuid, ?::uuid, e.service_name, e.operation, e.purpose, ?::inet, ?, e.success, e.error_message
       from jsonb_to_recordset(?::jsonb)
         as e(service_name text, operation text, purpose text, success boolean, error_message text)`,
    [
      workspaceId,
      userId,
      ip,
      userAgent,
      JSON.stringify(
        entries.map((entry) => ({
          service_name: entry.serviceName,
          operation: entry.operation,
          purpose: entry.purpose ?? null,
          success: entry.success ?? true,
          error_message: entry.errorMessage ?? null,
        }))
      ),
    ]
  )
}
