import { runTransaction } from '#core/database/run_transaction'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import {
  runInContext,
  type RuntimeRole,
  type TenantContext,
  type TenantIdentity,
} from '#core/tenancy/tenant_context'
import { rawQuery } from '#core/database/raw_query'

/**
 * SQL that switches the transaction to a runtime role and sets the identity
 * settings, transaction-locally, in one round trip.
 */
const ENTER_CONTEXT_SQL = `select set_config('app.user_id', coalesce(?, ''), true),
  set_config('app.workspace_id', coalesce(?, ''), true),
  set_config('app.credential_workspace_id', coalesce(?, ''), true),
  set_config('role', ?, true)`

/**
 * Switches an open transaction to `role` with the given identity. Only
 * transaction-local settings are used, so pooled connections never leak state.
 */
export async function enterContext(
  trx: TransactionClientContract,
  role: RuntimeRole,
  identity: Pick<TenantIdentity, 'userId' | 'workspaceId' | 'credentialWorkspaceId'>
) {
  await rawQuery(trx, ENTER_CONTEXT_SQL, [
    identity.userId,
    identity.workspaceId,
    identity.credentialWorkspaceId ?? null,
    role,
  ])
}

/**
 * Runs `fn` in a fresh transaction as `app_authenticated` for the given user and
 * workspace, with that transaction as the tenant context. Used by jobs, seeders
 * and tests; requests get theirs from the tenant middleware.
 */
export async function withTenant<T>(
  identity: TenantIdentity & { userId: string; workspaceId: string },
  fn: (context: TenantContext) => Promise<T>
): Promise<T> {
  return runTransaction(async (trx) => {
    await enterContext(trx, 'app_authenticated', identity)
    const context: TenantContext = { ...identity, role: 'app_authenticated', trx }
    return runInContext(context, () => fn(context))
  })
}

/**
 * Runs `fn` in a fresh transaction as `app_service`, which bypasses RLS. For
 * platform maintenance that has no tenant (registration, login, cleanup jobs):
 * keep every use explicit and rare.
 */
export async function withService<T>(fn: (context: TenantContext) => Promise<T>): Promise<T> {
  return runTransaction(async (trx) => {
    await enterContext(trx, 'app_service', { userId: null, workspaceId: null })
    const context: TenantContext = {
      userId: null,
      workspaceId: null,
      via: 'service',
      role: 'app_service',
      trx,
    }
    return runInContext(context, () => fn(context))
  })
}
