import { assert } from '@japa/assert'
import { apiClient } from '@japa/api-client'
import app from '@adonisjs/core/services/app'
import type { Config } from '@japa/runner/types'
import { pluginAdonisJS } from '@japa/plugin-adonisjs'
import testUtils from '@adonisjs/core/services/test_utils'
import { createHttpServer } from '#core/http/http_server_factory'

/**
 * Japa plugins: assertions, the AdonisJS integration and an HTTP client that
 * talks to the real server over the network.
 */
export const plugins: Config['plugins'] = [
  assert(),
  pluginAdonisJS(app),
  apiClient({ baseURL: `http://${process.env.HOST}:${process.env.PORT}` }),
]

/**
 * Before any test: start the database (embedded, or DATABASE_URL), install the
 * worker schema and run every migration. The demo seed is tested separately.
 */
export const runnerHooks: Required<Pick<Config, 'setup' | 'teardown'>> = {
  setup: [
    async () => {
      const platform = await app.container.make('platform')
      await platform.prepare({ seed: false })
    },
  ],
  teardown: [],
}

/** Functional suites get the HTTP server, created as `npm start` creates it. */
export const configureSuite: Config['configureSuite'] = (suite) => {
  if (['browser', 'functional', 'e2e'].includes(suite.name)) {
    return suite.setup(() => testUtils.httpServer().start(createHttpServer))
  }
}
