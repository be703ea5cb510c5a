import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { openTransaction } from '#core/database/open_transaction'

/**
 * Runs `fn` in a transaction: commit when it returns, rollback when it throws
 * or when `commitIf` (checked after `fn`) says no. Unlike
 * `db.transaction(callback)`, an error raised by COMMIT itself (deferred
 * constraints, serialization failures) reaches the caller: knex reports it only
 * on the transactor's execution promise, and Lucid does not await that.
 * `beginWith` (trusted SQL, values inlined) runs in the same round trip as
 * BEGIN: see `openTransaction`. `current` names the transaction to finish
 * when `fn` may have replaced the one it was given (a tenant context whose
 * transaction was released around a remote call, see released_transaction.ts).
 */
export async function runTransaction<T>(
  fn: (trx: TransactionClientContract) => Promise<T>,
  commitIf: () => boolean = () => true,
  beginWith?: string,
  current?: () => TransactionClientContract | undefined
): Promise<T> {
  const opened = await openTransaction(beginWith)
  let result: T
  try {
    result = await fn(opened)
  } catch (error) {
    const trx = current?.() ?? opened
    if (!trx.isCompleted) await trx.rollback()
    throw error
  }
  const trx = current?.() ?? opened
  if (!trx.isCompleted && !commitIf()) {
    await trx.rollback()
  } else if (!trx.isCompleted) {
    await trx.commit()
    await (trx.knexClient as unknown as { executionPromise?: Promise<unknown> }).executionPromise
  }
  return result
}
