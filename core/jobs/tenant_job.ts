import type { JobHelpers, Task } from 'graphile-worker'
import { withService, withTenant } from '#core/tenancy/tenant_transaction'
import type { TenantContext, TenantIdentity } from '#core/tenancy/tenant_context'

/** Tenant of a job, written into its payload by app.enqueue_job() from the enqueuing transaction. */
export interface JobTenant {
  workspace_id: string | null
  user_id: string | null
  credential_workspace_id?: string | null
}

/** Payload key reserved for the tenant; set by the database, never by callers. */
export const TENANT_KEY = '__tenant'

/**
 * Wraps a job handler so it runs inside a tenant transaction for the workspace
 * and user that enqueued it (RLS applies exactly as in the request). The job's
 * queries go through `tenant().trx` or tenant models; the transaction commits
 * when the handler returns and rolls back when it throws (then the job retries).
 */
export function tenantJob<P extends Record<string, unknown>>(
  handler: (payload: P, helpers: JobHelpers, context: TenantContext) => Promise<void>
): Task {
  return async (rawPayload, helpers) => {
    const payload = (rawPayload ?? {}) as P & { [TENANT_KEY]?: JobTenant }
    const identity = jobTenantIdentity(payload, helpers.job.task_identifier)
    const rest = { ...payload }
    delete rest[TENANT_KEY]
    await withTenant(identity, (context) => handler(rest as unknown as P, helpers, context))
  }
}

/**
 * The tenant identity stamped into a job's payload, for tasks that open their
 * own tenant transactions (e.g. around network calls) instead of tenantJob's one.
 */
export function jobTenantIdentity(
  payload: Record<string, unknown>,
  task: string
): TenantIdentity & { userId: string; workspaceId: string } {
  const owner = payload[TENANT_KEY] as JobTenant | undefined
  if (!owner?.workspace_id || !owner.user_id) {
    throw new Error(
      `Job ${task} has no tenant: enqueue it with enqueue() inside a tenant transaction`
    )
  }
  return {
    userId: owner.user_id,
    workspaceId: owner.workspace_id,
    credentialWorkspaceId: owner.credential_workspace_id ?? null,
    via: 'job',
  }
}

/**
 * Wraps a platform maintenance job (no tenant) so it runs in an `app_service`
 * transaction. Keep these few: they bypass RLS.
 */
export function serviceJob<P>(
  handler: (payload: P, helpers: JobHelpers, context: TenantContext) => Promise<void>
): Task {
  return async (payload, helpers) => {
    await withService((context) => handler(payload as P, helpers, context))
  }
}
