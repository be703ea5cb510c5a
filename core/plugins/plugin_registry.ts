import { readFileSync } from 'node:fs'
import type { LoadedPlugin } from '#core/plugins/plugin_definition'
import { discoverPlugins } from '#core/plugins/plugin_discovery'
import { resolvePlugins } from '#core/plugins/plugin_resolver'

/** Version of the platform core, checked against plugins' `dependsOn.core`. */
export const CORE_VERSION: string = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8')
).version

let active: Promise<LoadedPlugin[]> | undefined
let installed: Promise<LoadedPlugin[]> | undefined

/**
 * All plugins found on disk, enabled or not (memoised per process).
 */
export function installedPlugins(directories: string[]): Promise<LoadedPlugin[]> {
  installed ??= discoverPlugins(directories)
  return installed
}

/**
 * The enabled plugins in dependency order (memoised per process). Every part of
 * the platform that contributes per-plugin things (migrations, routes, jobs,
 * OpenAPI tags, privacy) reads this one list.
 */
export function activePlugins(config: {
  enabled: 'all' | 'none' | string[]
  directories: string[]
}): Promise<LoadedPlugin[]> {
  active ??= installedPlugins(config.directories).then((plugins) =>
    resolvePlugins(plugins, config.enabled, CORE_VERSION)
  )
  return active
}
