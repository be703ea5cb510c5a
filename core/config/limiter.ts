import app from '@adonisjs/core/services/app'
import { defineConfig, stores } from '@adonisjs/limiter'
import { postgresLimiterStore } from '#core/auth/postgres_limiter_store'
import platform from '#config/platform'

/**
 * Rate limit store: the `rate_limits` table in the platform's own PostgreSQL,
 * in both database modes, so limits hold across API nodes with no extra
 * service and survive restarts (the embedded database's too). The store sends
 * unnamed statements: see core/auth/postgres_limiter_store.ts.
 */
const limiterConfig = defineConfig({
  default: 'database',
  stores: {
    database: postgresLimiterStore({
      tableName: 'rate_limits',
      clearExpiredByTimeout: !app.inTest,
    }),
    memory: stores.memory({}),
  },
})

/**
 * Store of limits consumed while the request's own transaction is open (the
 * embed keys' per-minute limit). The embedded database runs one transaction
 * at a time, so a counter written on another connection there would wait for
 * the request's commit, which waits for the counter: in embedded mode (one
 * process) these short-lived counters stay in memory.
 */
export const inTransactionLimiterStore =
  platform.database.mode === 'embedded' ? ('memory' as const) : ('database' as const)

export default limiterConfig

declare module '@adonisjs/limiter/types' {
  export interface LimitersList extends InferLimiters<typeof limiterConfig> {}
}
