import string from '@adonisjs/core/helpers/string'
import { configProvider } from '@adonisjs/core'
import RateLimiterBridge from '@adonisjs/limiter/stores/bridge'
import type { LimiterConsumptionOptions, LimiterManagerStoreFactory } from '@adonisjs/limiter/types'
import { RateLimiterPostgres } from 'rate-limiter-flexible'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'

/** Lucid's knex instance (its pool is the one the store borrows connections from). */
type Knex = ReturnType<QueryClientContract['getWriteClient']>

/** Settings of the store: the table and whether expired rows are purged by a timer. */
export interface PostgresLimiterStoreConfig {
  tableName: string
  clearExpiredByTimeout: boolean
}

/** A `pg` query as rate-limiter-flexible sends it (a named prepared statement). */
interface LimiterQuery {
  name?: string
  text: string
  values?: unknown[]
}

/**
 * Runs rate-limiter-flexible's queries on Lucid's pool as unnamed statements.
 * The library names each statement, and a named statement lives in the
 * server session: the embedded database shares one session between all
 * connections (and so does PgBouncer in transaction mode), where a second
 * connection preparing the same name fails. Unnamed, the same SQL works
 * everywhere.
 */
function unnamedStatementsClient(knex: Knex) {
  return {
    async query({ text, values }: LimiterQuery) {
      const connection = await knex.client.acquireConnection()
      try {
        return await connection.query(text, values)
      } finally {
        await knex.client.releaseConnection(connection)
      }
    },
  }
}

/**
 * The throttles' store: the `rate_limits` table in the platform's own
 * PostgreSQL, in both database modes. Counters are shared by every API node
 * and survive restarts, including the embedded database's.
 */
class PostgresLimiterStore extends RateLimiterBridge {
  readonly name = 'database'

  constructor(
    private knex: Knex,
    private config: PostgresLimiterStoreConfig & LimiterConsumptionOptions
  ) {
    super(
      new RateLimiterPostgres({
        storeType: 'pool',
        storeClient: unnamedStatementsClient(knex),
        tableCreated: true,
        tableName: config.tableName,
        points: config.requests,
        duration: string.seconds.parse(config.duration),
        blockDuration: config.blockDuration
          ? string.seconds.parse(config.blockDuration)
          : undefined,
        clearExpiredByTimeout: config.clearExpiredByTimeout,
        inMemoryBlockOnConsumed: config.inMemoryBlockOnConsumed,
        inMemoryBlockDuration: config.inMemoryBlockDuration
          ? string.seconds.parse(config.inMemoryBlockDuration)
          : undefined,
      })
    )
  }

  /** Removes every counter (the limiter's `clear()`). */
  async clear() {
    this.deleteInMemoryBlockedKeys()
    await this.knex.raw('truncate table ??', [this.config.tableName])
  }
}

/**
 * Config entry of the store for `defineConfig({ stores })` in
 * `core/config/limiter.ts`, resolved once Lucid is available.
 */
export function postgresLimiterStore(config: PostgresLimiterStoreConfig) {
  return configProvider.create<LimiterManagerStoreFactory>(async (app) => {
    const db = await app.container.make('lucid.db')
    return (options) =>
      new PostgresLimiterStore(db.connection().getWriteClient(), {
        ...config,
        ...options,
      })
  })
}
