import type { JobHelpers } from 'graphile-worker'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { TENANT_KEY, type JobTenant } from '#sdk'

/** One privacy_audit_log entry. */
export interface PrivacyAuditEntry {
  workspaceId: string
  userId: string
  eventType: string
  details?: Record<string, unknown>
  ipAddress?: string | null
  userAgent?: string | null
}

/**
 * Appends an entry to privacy_audit_log in the given transaction (a request's,
 * a job's tenant transaction, or a service one for erasure and retention), so
 * the record exists exactly when the change it describes commits.
 */
export async function writePrivacyAudit(trx: TransactionClientContract, entry: PrivacyAuditEntry) {
  await trx
    .insertQuery()
    .table('privacy_audit_log')
    .insert({
      workspace_id: entry.workspaceId,
      user_id: entry.userId,
      event_type: entry.eventType,
      details: JSON.stringify(entry.details ?? {}),
      ip_address: entry.ipAddress ?? null,
      user_agent: entry.userAgent?.slice(0, 500) ?? null,
    })
}

/**
 * The user and workspace that enqueued a privacy job (stamped into the payload
 * by app.enqueue_job), for jobs that run several transactions of their own
 * instead of one tenantJob transaction.
 */
export function jobOwner(rawPayload: unknown, helpers: JobHelpers) {
  const payload = { ...((rawPayload ?? {}) as Record<string, unknown>) }
  const owner = payload[TENANT_KEY] as JobTenant | undefined
  delete payload[TENANT_KEY]
  if (!owner?.workspace_id || !owner.user_id) {
    throw new Error(`Job ${helpers.job.task_identifier} has no tenant`)
  }
  return { owner: { workspace_id: owner.workspace_id, user_id: owner.user_id }, payload }
}
