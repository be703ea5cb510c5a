import { runTransaction } from '#core/database/run_transaction'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import {
  runInContext,
  type RuntimeRole,
  type TenantContext,
  type TenantIdentity,
} from '#core/tenancy/tenant_context'
import { rawQuery } from '#core/database/raw_query'
import { isUuid } from '#core/http/id_param'

const ROLES: readonly RuntimeRole[] = ['app_authenticated', 'app_anon', 'app_service']

/** An identity setting as an SQL literal: a UUID, or '' when unset. Anything else is refused. */
function settingLiteral(name: string, value: string | null | undefined) {
  if (value === null || value === undefined || value === '') return "''"
  if (!isUuid(value)) throw new Error(`Tenant context: ${name} is not a UUID`)
  return `'${value}'`
}

/**
 * SQL that switches the transaction to a runtime role and sets the identity
 * settings, transaction-locally. The values are inlined, so the statement can
 * also travel in BEGIN's message (simple protocol, no bind parameters). Only
 * UUIDs and the known roles get in, so nothing needs quoting.
 */
export function contextStatement(
  role: RuntimeRole,
  identity: Pick<TenantIdentity, 'userId' | 'workspaceId' | 'credentialWorkspaceId'>
) {
  if (!ROLES.includes(role)) throw new Error(`Tenant context: unknown role ${role}`)
  return `select set_config('app.user_id', ${settingLiteral('userId', identity.userId)}, true),
  set_config('app.workspace_id', ${settingLiteral('workspaceId', identity.workspaceId)}, true),
  set_config('app.credential_workspace_id', ${settingLiteral('credentialWorkspaceId', identity.credentialWorkspaceId)}, true),
  set_config('role', '${role}', true)`
}

/**
 * Switches an open transaction to `role` with the given identity. Only
 * transaction-local settings are used, so pooled connections never leak state.
 */
export async function enterContext(
  trx: TransactionClientContract,
  role: RuntimeRole,
  identity: Pick<TenantIdentity, 'userId' | 'workspaceId' | 'credentialWorkspaceId'>
) {
  await rawQuery(trx, contextStatement(role, identity))
}

/**
 * Opens a transaction (with `beginWith` in BEGIN's round trip), runs `fn` in
 * the tenant context `base` plus that transaction, then commits or rolls back
 * the context's transaction as it is at the end: a remote call may have
 * released the first one and opened its successor (released_transaction.ts).
 * The one way a tenant context is owned: jobs, seeds, requests, embeds.
 */
export function runTenantTransaction<T>(
  base: Omit<TenantContext, 'trx'>,
  fn: (context: TenantContext) => Promise<T>,
  commitIf?: () => boolean,
  beginWith?: string
): Promise<T> {
  let context: TenantContext | undefined
  return runTransaction(
    async (trx) => {
      context = { ...base, trx }
      return runInContext(context, () => fn(context!))
    },
    commitIf,
    beginWith,
    () => context?.trx
  )
}

/**
 * Runs `fn` in a fresh transaction as `app_authenticated` for the given user and
 * workspace, with that transaction as the tenant context. Used by jobs, seeders
 * and tests; requests get theirs from the tenant middleware. The role and
 * identity are set in BEGIN's round trip (one round trip less per transaction,
 * which is most of a short job's overhead).
 */
export async function withTenant<T>(
  identity: TenantIdentity & { userId: string; workspaceId: string },
  fn: (context: TenantContext) => Promise<T>
): Promise<T> {
  const enter = contextStatement('app_authenticated', identity)
  return runTenantTransaction({ ...identity, role: 'app_authenticated' }, fn, undefined, enter)
}

/** Role and (empty) identity of `withService` transactions, sent with BEGIN. */
const SERVICE_CONTEXT = contextStatement('app_service', { userId: null, workspaceId: null })

/**
 * Runs `fn` in a fresh transaction as `app_service`, which bypasses RLS. For
 * platform maintenance that has no tenant (registration, login, cleanup jobs):
 * keep every use explicit and rare.
 */
export async function withService<T>(fn: (context: TenantContext) => Promise<T>): Promise<T> {
  return runTenantTransaction(
    { userId: null, workspaceId: null, via: 'service', role: 'app_service' },
    fn,
    undefined,
    SERVICE_CONTEXT
  )
}
