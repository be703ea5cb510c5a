/*
| Test runner entrypoint: boots the app in the "test" environment and runs the
| Japa suites declared in adonisrc.ts.
*/
process.env.NODE_ENV = 'test'
process.env.HOST = '127.0.0.1'
process.env.PORT = process.env.TEST_PORT ?? '3339'

import 'reflect-metadata'
import { configure, processCLIArgs, run } from '@japa/runner'
import { createIgnitor } from './ignitor.js'
import { printBootError } from './boot_error.js'

createIgnitor()
  .testRunner()
  .configure(async (app) => {
    const { runnerHooks, ...config } = await import('../../tests/bootstrap.js')
    const { enabledPluginSuites } = await import('../plugins/plugin_test_files.js')

    processCLIArgs(process.argv.splice(2))
    configure({
      ...app.rcFile.tests,
      suites: await enabledPluginSuites(app.rcFile.tests.suites, app.appRoot),
      ...config,
      ...{
        setup: runnerHooks.setup,
        teardown: runnerHooks.teardown.concat([() => app.terminate()]),
      },
    })
  })
  .run(() => run())
  .catch(printBootError)
