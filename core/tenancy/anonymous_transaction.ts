import { contextStatement, runTenantTransaction } from '#core/tenancy/tenant_transaction'
import type { TenantContext } from '#core/tenancy/tenant_context'

/**
 * Runs `fn` in a fresh transaction as `app_anon` inside one workspace (no user),
 * for anonymous visitors: public forms write only what app_anon policies allow
 * in that workspace. With `workspaceId` null the transaction is in no workspace
 * at all (key lookups, CORS preflights, OAuth callbacks before the state is known).
 * Commits when `fn` returns, rolls back when it throws. The role and workspace
 * are set in BEGIN's round trip.
 */
export async function withAnonymous<T>(
  workspaceId: string | null,
  fn: (context: TenantContext) => Promise<T>
): Promise<T> {
  const enter = contextStatement('app_anon', { userId: null, workspaceId })
  return runTenantTransaction(
    { userId: null, workspaceId, via: 'anonymous', role: 'app_anon' },
    fn,
    undefined,
    enter
  )
}
