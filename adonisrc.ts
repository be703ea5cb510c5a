import { indexEntities } from '@adonisjs/core'
import { defineConfig } from '@adonisjs/core/app'

/**
 * AdonisJS application manifest. The platform keeps its own code under `core/`
 * (the kernel: config, start files, providers, commands; and the core modules
 * under `core/modules/`), so every directory is remapped here.
 */
export default defineConfig({
  directories: {
    config: 'core/config',
    commands: 'core/commands',
    providers: 'core/providers',
    start: 'core/start',
    migrations: 'database/migrations',
    seeders: 'database/seeders',
    tests: 'tests',
    exceptions: 'core/exceptions',
    middleware: 'core/middleware',
  },

  commands: [
    () => import('@adonisjs/core/commands'),
    () => import('@adonisjs/lucid/commands'),
    // Commands of core modules and plugins, declared in their plugin.ts.
    () => import('#core/plugins/domain_commands'),
  ],

  providers: [
    () => import('@adonisjs/core/providers/app_provider'),
    () => import('@adonisjs/core/providers/hash_provider'),
    {
      file: () => import('@adonisjs/core/providers/repl_provider'),
      environment: ['repl', 'test'],
    },
    () => import('@adonisjs/core/providers/vinejs_provider'),
    () => import('@adonisjs/lucid/database_provider'),
    () => import('@adonisjs/limiter/limiter_provider'),
    () => import('@adonisjs/drive/drive_provider'),
    () => import('#providers/platform_provider'),
  ],

  preloads: [() => import('#start/routes'), () => import('#start/kernel')],

  tests: {
    suites: [
      {
        files: ['tests/unit/**/*.spec.ts'],
        name: 'unit',
        timeout: 10000,
      },
      {
        files: [
          'tests/functional/**/*.spec.ts',
          'core/modules/*/tests/**/*.spec.ts',
          'plugins/*/tests/*.spec.ts',
        ],
        name: 'functional',
        timeout: 60000,
      },
      {
        files: ['tests/browser/**/*.spec.ts', 'plugins/*/tests/browser/**/*.spec.ts'],
        name: 'browser',
        timeout: 120000,
      },
    ],
    forceExit: true,
  },

  metaFiles: [],

  hooks: {
    init: [indexEntities()],
  },
})
