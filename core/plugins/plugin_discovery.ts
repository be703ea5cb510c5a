import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { LoadedPlugin, PluginDefinition } from '#core/plugins/plugin_definition'
import { PluginResolutionError } from '#core/plugins/plugin_resolution_error'

/**
 * Finds every `<dir>/<name>/plugin.ts` (or `.js` in a build) in the given folders
 * and imports its declaration (core modules and plugins alike).
 */
export async function discoverPlugins(
  directories: string[],
  kind: LoadedPlugin['kind'] = 'plugin'
): Promise<LoadedPlugin[]> {
  const found: LoadedPlugin[] = []
  for (const directory of directories) {
    if (!existsSync(directory)) continue
    const entries = readdirSync(directory, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort()
    for (const folder of entries) {
      const root = join(directory, folder)
      const file = ['plugin.ts', 'plugin.js'].map((name) => join(root, name)).find(existsSync)
      if (!file) continue
      const module = await import(pathToFileURL(file).href)
      const definition = module.default as PluginDefinition | undefined
      if (!definition || typeof definition !== 'object') {
        throw new PluginResolutionError(
          `${file} must export a plugin with definePlugin() as default`
        )
      }
      found.push({
        ...definition,
        kind,
        root,
        migrationsPath: join(root, definition.migrations ?? 'database/migrations'),
      })
    }
  }
  return found
}
