import { commitNow } from '#core/database/commit_now'
import { openTransaction } from '#core/database/open_transaction'
import { tenant } from '#core/tenancy/tenant_context'
import { contextStatement } from '#core/tenancy/tenant_transaction'

/**
 * Runs `work` (a call to a remote service: an AI provider answering or
 * streaming for seconds) with no database transaction open. The current
 * tenant transaction is committed first, so what the caller wrote so far is
 * durable and its connection goes back to the pool (on the embedded database,
 * the one session is free for other requests; under PgBouncer no server
 * connection is pinned). Afterwards, whether `work` succeeded or not, a new
 * transaction with the same role and identity (so the same RLS policies)
 * becomes the context's transaction: the caller writes its results there, and
 * the context's owner (`runTenantTransaction`, the tenant middleware) commits
 * or rolls it back as it would have the first one.
 *
 * The caller must read everything it needs before the call, and should write
 * only after it: a failure after the release cannot undo what was written
 * before it. Inside `work` the database must not be used (`tenant().trx` is
 * the committed transaction and refuses queries).
 */
export async function withTransactionReleased<T>(work: () => Promise<T>): Promise<T> {
  const context = tenant()
  await commitNow(context.trx)
  try {
    return await work()
  } finally {
    context.trx = await openTransaction(contextStatement(context.role, context))
  }
}
