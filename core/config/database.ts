import { relative } from 'node:path'
import { defineConfig } from '@adonisjs/lucid'
import app from '@adonisjs/core/services/app'
import platform from '#config/platform'
import { activePlugins } from '#core/plugins/plugin_registry'
import { embeddedConnection } from '#core/database/embedded_postgres'

const plugins = await activePlugins(platform.plugins)

/**
 * One PostgreSQL connection, in both database modes: DATABASE_URL when set,
 * otherwise the embedded PGlite server on its local socket. Core migrations run
 * first, then each enabled plugin's migrations in dependency order.
 */
const dbConfig = defineConfig({
  connection: 'postgres',
  prettyPrintDebugQueries: false,
  connections: {
    postgres: {
      client: 'pg',
      connection:
        platform.database.mode === 'external'
          ? { connectionString: platform.database.url }
          : embeddedConnection(platform),
      pool: {
        min: 0,
        max: platform.database.poolMax,
        idleTimeoutMillis: 10_000,
      },
      migrations: {
        naturalSort: true,
        disableRollbacksInProduction: true,
        paths: [
          './database/migrations',
          ...plugins.map((plugin) => `./${relative(app.makePath(), plugin.migrationsPath)}`),
        ],
      },
      seeders: {
        paths: ['./database/seeders'],
      },
    },
  },
})

export default dbConfig
