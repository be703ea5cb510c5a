import type { TransactionClientContract } from '@adonisjs/lucid/types/database'

/**
 * Commits a transaction before its owner would, and waits until PostgreSQL has
 * confirmed the COMMIT (an error in COMMIT itself is raised here). The owner
 * (`runTransaction`) sees it completed and does nothing more. Used when a
 * response must only announce data once it is durable (streamed replies).
 */
export async function commitNow(trx: TransactionClientContract) {
  if (trx.isCompleted) return
  await trx.commit()
  await (trx.knexClient as unknown as { executionPromise?: Promise<unknown> }).executionPromise
}
