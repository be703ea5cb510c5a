import app from '@adonisjs/core/services/app'
import { defineConfig, stores } from '@adonisjs/limiter'
import { postgresLimiterStore } from '#core/auth/postgres_limiter_store'

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
    // Per-process counters, for the API rate limits when RATE_LIMIT_STORE=memory.
    memory: stores.memory({}),
  },
})

export default limiterConfig

declare module '@adonisjs/limiter/types' {
  export interface LimitersList extends InferLimiters<typeof limiterConfig> {}
}
