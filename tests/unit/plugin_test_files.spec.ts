import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import platform from '#config/platform'
import { activePlugins } from '#core/plugins/plugin_registry'
import { enabledPluginSuites } from '#core/plugins/plugin_test_files'

test.group('Test suites narrowed to the enabled plugins', () => {
  test('each plugins/* glob becomes one glob per enabled plugin; other globs and suites stay', async ({
    assert,
  }) => {
    const enabled = (await activePlugins(platform.plugins))
      .filter((plugin) => plugin.kind === 'plugin')
      .map((plugin) => plugin.name)
    const suites = await enabledPluginSuites(
      [
        { name: 'unit', files: 'tests/unit/**/*.spec.ts' },
        {
          name: 'functional',
          files: ['tests/functional/**/*.spec.ts', 'plugins/*/tests/*.spec.ts'],
        },
        {
          name: 'browser',
          files: ['tests/browser/**/*.spec.ts', 'plugins/*/tests/browser/**/*.spec.ts'],
        },
      ],
      app.appRoot
    )
    assert.deepEqual(suites[0], { name: 'unit', files: 'tests/unit/**/*.spec.ts' })
    const pluginGlobs = (index: number) =>
      (suites[index].files as string[]).filter((glob) => glob.startsWith('plugins/'))
    assert.isAbove(enabled.length, 0)
    assert.sameMembers(
      pluginGlobs(1),
      enabled.map((name) => `plugins/${name}/tests/*.spec.ts`)
    )
    assert.sameMembers(
      pluginGlobs(2),
      enabled.map((name) => `plugins/${name}/tests/browser/**/*.spec.ts`)
    )
    assert.include(suites[1].files as string[], 'tests/functional/**/*.spec.ts')
    assert.include(suites[2].files as string[], 'tests/browser/**/*.spec.ts')
  })
})
