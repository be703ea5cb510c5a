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
let modules: Promise<LoadedPlugin[]> | undefined

/** Where the loader looks: plugin folders, the enabled list, the core modules' folder. */
export interface LoaderConfig {
  enabled: 'all' | 'none' | string[]
  directories: string[]
  modulesDirectory: string
}

/**
 * All plugins found on disk, enabled or not (memoised per process).
 */
export function installedPlugins(directories: string[]): Promise<LoadedPlugin[]> {
  installed ??= discoverPlugins(directories)
  return installed
}

/**
 * The core modules (`core/modules/<name>/plugin.ts`) in dependency order,
 * memoised per process. Always enabled; they may depend only on each other.
 */
export function coreModules(
  config: Pick<LoaderConfig, 'modulesDirectory'>
): Promise<LoadedPlugin[]> {
  modules ??= discoverPlugins([config.modulesDirectory], 'module').then((found) =>
    resolvePlugins(found, 'all', CORE_VERSION)
  )
  return modules
}

/**
 * The enabled plugins in dependency order (memoised per process); a plugin may
 * depend on a core module by name.
 */
export function activePlugins(config: LoaderConfig): Promise<LoadedPlugin[]> {
  active ??= Promise.all([installedPlugins(config.directories), coreModules(config)]).then(
    ([plugins, core]) => resolvePlugins(plugins, config.enabled, CORE_VERSION, core)
  )
  return active
}

/**
 * Every active domain: the core modules, then the enabled plugins, each group in
 * dependency order. Every part of the platform that contributes per-domain
 * things (routes, jobs, commands, demo data, OpenAPI tags, privacy, webhook
 * event types, embed capabilities) reads this one list.
 */
export async function activeDomains(config: LoaderConfig): Promise<LoadedPlugin[]> {
  const [core, plugins] = await Promise.all([coreModules(config), activePlugins(config)])
  return [...core, ...plugins]
}
