import db from '@adonisjs/lucid/services/db'
import { QueryClient } from '@adonisjs/lucid/database'
import type { Knex } from 'knex'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'

/**
 * The part of knex's transaction object this module relies on: `begin()` is
 * called once, after a connection is acquired, and `query()` runs a statement
 * on that connection with the transaction's error handling.
 */
interface KnexTransactionInternals extends PromiseLike<unknown> {
  begin(connection: unknown): Promise<unknown>
  /** Set before `begin()`: the client bound to the transaction's connection. */
  trxClient?: { query(connection: unknown, sql: string): Promise<unknown> }
  catch(onRejected: (error: unknown) => void): Promise<unknown>
}

/**
 * Starts a knex transaction whose BEGIN is sent together with `statements` in
 * one simple-protocol message, the way `knex.transaction()` starts one
 * (same config defaults, same connection handling, same COMMIT/ROLLBACK). knex
 * has no option for this, so `begin` is replaced on this one transaction object
 * before its connection is acquired (knex calls it asynchronously). A failure
 * rejects the promise, like a failed BEGIN in knex.
 */
function beginKnexTransaction(knex: Knex, statements: string): Promise<Knex.Transaction> {
  return new Promise((resolve, reject) => {
    const knexClient = knex.client as unknown as {
      transaction(container: unknown, config: object): KnexTransactionInternals
    }
    const transaction = knexClient.transaction(resolve, {
      userParams: knex.userParams ?? {},
      doNotRejectOnRollback: true,
    })
    if (typeof transaction.begin !== 'function') {
      throw new Error('knex internals changed: review core/database/open_transaction.ts')
    }
    transaction.begin = async (connection) => {
      const client = transaction.trxClient
      if (!client)
        throw new Error('knex internals changed: review core/database/open_transaction.ts')
      try {
        return await client.query(connection, `BEGIN; ${statements}`)
      } catch (error) {
        // BEGIN may have succeeded and a later statement failed: the connection
        // then holds an aborted transaction. Roll it back before knex returns the
        // connection to the pool (in embedded mode it would block the shared session).
        await client.query(connection, 'ROLLBACK').catch(() => {})
        throw error
      }
    }
    transaction.catch(reject)
  })
}

/**
 * Opens a Lucid transaction on the default connection. With `beginWith`, that
 * SQL runs inside the transaction in the same round trip as BEGIN: it is sent
 * as one multi-statement message (PostgreSQL's simple query protocol), so it
 * must be trusted SQL with its values already inlined, no bind parameters and
 * no `?` (knex would renumber it). This is how tenant transactions set their
 * role and identity without a round trip of their own.
 *
 * Inside a global transaction (Lucid's test helper) the transaction is a
 * savepoint and `beginWith` is a separate statement.
 */
export async function openTransaction(beginWith?: string): Promise<TransactionClientContract> {
  const client = db.connection()
  if (!beginWith) return client.transaction()
  if (client.isTransaction || !(client instanceof QueryClient)) {
    const trx = await client.transaction()
    await trx.rawQuery(beginWith)
    return trx
  }
  const knex = client.getWriteClient()
  // Lucid's own QueryClient.transaction() wraps the knex transaction in its
  // TransactionClient (not exported); only the knex transaction it receives differs.
  const opener = Object.create(client, {
    getWriteClient: {
      value: () => ({ transaction: () => beginKnexTransaction(knex, beginWith) }),
    },
  }) as QueryClient
  return QueryClient.prototype.transaction.call(opener) as Promise<TransactionClientContract>
}
