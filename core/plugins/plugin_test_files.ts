import { relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import platform from '#config/platform'
import { activePlugins } from '#core/plugins/plugin_registry'

/** How a suite's glob over every plugin's tests begins in adonisrc.ts (`plugins/*\/tests/…`). */
const EVERY_PLUGIN = 'plugins/*/'

/**
 * The test suites of adonisrc.ts with each `plugins/*\/…` glob (a plugin's
 * functional tests, its browser tests) narrowed to the enabled plugins
 * (PLUGINS, with their dependencies): a disabled plugin has no routes, tables
 * or jobs, so its tests cannot run against this platform. With `PLUGINS=all`
 * (the default) every plugin is enabled. Core tests always run.
 */
export async function enabledPluginSuites<Suite extends { files: string | string[] }>(
  suites: Suite[],
  appRoot: URL
): Promise<Suite[]> {
  const root = fileURLToPath(appRoot)
  const plugins = await activePlugins(platform.plugins)
  const folders = plugins
    .map((plugin) => relative(root, plugin.root).split(sep).join('/'))
    .filter((folder) => folder.startsWith('plugins/'))
  return suites.map((suite) => {
    const files = Array.isArray(suite.files) ? suite.files : [suite.files]
    if (!files.some((glob) => glob.startsWith(EVERY_PLUGIN))) return suite
    return {
      ...suite,
      files: files.flatMap((glob) =>
        glob.startsWith(EVERY_PLUGIN)
          ? folders.map((folder) => `${folder}/${glob.slice(EVERY_PLUGIN.length)}`)
          : [glob]
      ),
    }
  })
}
