import { relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import platform from '#config/platform'
import { activePlugins } from '#core/plugins/plugin_registry'

/** Glob of every plugin's tests in a suite's `files` (adonisrc.ts). */
const ALL_PLUGIN_TESTS = 'plugins/*/tests/**/*.spec.ts'

/**
 * The test suites of adonisrc.ts with `plugins/*\/tests` narrowed to the
 * enabled plugins (PLUGINS, with their dependencies): a disabled plugin has no
 * routes, tables or jobs, so its tests cannot run against this platform. With
 * `PLUGINS=all` (the default) nothing changes. Core tests always run.
 */
export async function enabledPluginSuites<Suite extends { files: string | string[] }>(
  suites: Suite[],
  appRoot: URL
): Promise<Suite[]> {
  const root = fileURLToPath(appRoot)
  const plugins = await activePlugins(platform.plugins)
  const enabled = plugins
    .map((plugin) => relative(root, plugin.root).split(sep).join('/'))
    .filter((folder) => folder.startsWith('plugins/'))
    .map((folder) => `${folder}/tests/**/*.spec.ts`)
  return suites.map((suite) => {
    const files = Array.isArray(suite.files) ? suite.files : [suite.files]
    if (!files.includes(ALL_PLUGIN_TESTS)) return suite
    return {
      ...suite,
      files: files.flatMap((glob) => (glob === ALL_PLUGIN_TESTS ? enabled : [glob])),
    }
  })
}
