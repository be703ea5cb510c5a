import app from '@adonisjs/core/services/app'
import { defineConfig, stores } from '@adonisjs/limiter'
import platform from '#config/platform'

/**
 * Rate limit store: the `rate_limits` table in the platform's own PostgreSQL, so
 * limits hold across API nodes with no extra service. The embedded database
 * serves a single process, so there the counters stay in memory: the
 * PostgreSQL store uses named prepared statements, which the embedded server's
 * one shared session cannot hold per connection.
 */
const limiterConfig = defineConfig({
  default: platform.database.mode === 'external' ? 'database' : 'memory',
  stores: {
    database: stores.database({
      tableName: 'rate_limits',
      clearExpiredByTimeout: !app.inTest,
    }),
    memory: stores.memory({}),
  },
})

export default limiterConfig

declare module '@adonisjs/limiter/types' {
  export interface LimitersList extends InferLimiters<typeof limiterConfig> {}
}
