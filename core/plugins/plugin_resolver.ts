import semver from 'semver'
import type { LoadedPlugin } from '#core/plugins/plugin_definition'
import { PluginResolutionError } from '#core/plugins/plugin_resolution_error'

const NAME_PATTERN = /^[a-z][a-z0-9_]{1,39}$/

/**
 * Checks one plugin declaration and returns the problems found in it.
 */
export function validateDefinition(plugin: LoadedPlugin): string[] {
  const problems: string[] = []
  if (!NAME_PATTERN.test(plugin.name ?? '')) {
    problems.push(
      `name "${plugin.name}" must match ${NAME_PATTERN} (lower case, digits, underscore)`
    )
  }
  if (plugin.name === 'core') problems.push('the name "core" is reserved for the platform')
  if (!semver.valid(plugin.version))
    problems.push(`version "${plugin.version}" is not a semantic version`)
  for (const [dependency, range] of Object.entries(plugin.dependsOn ?? {})) {
    if (!semver.validRange(range)) {
      problems.push(`dependency "${dependency}" has an invalid semver range "${range}"`)
    }
  }
  for (const [extension, range] of Object.entries(plugin.requires?.extensionVersions ?? {})) {
    if (!(plugin.requires?.extensions ?? []).includes(extension)) {
      problems.push(`extension version for "${extension}", which is not in requires.extensions`)
    } else if (!semver.validRange(range)) {
      problems.push(`extension "${extension}" has an invalid semver range "${range}"`)
    }
  }
  for (const task of Object.keys(plugin.jobs ?? {})) {
    // Core modules keep the `core/<task>` names their queued jobs and crontab already use.
    const namespaces = plugin.kind === 'module' ? [plugin.name, 'core'] : [plugin.name]
    if (!namespaces.some((namespace) => task.startsWith(`${namespace}/`))) {
      problems.push(`job "${task}" must be named "${plugin.name}/<task>"`)
    }
  }
  return problems
}

/**
 * Decides which plugins are active and in which order: validates declarations,
 * applies the enabled list, checks every dependency (presence, enabled, semver)
 * and orders the result so that dependencies come first. `coreModules` (already
 * resolved, always enabled) satisfy dependencies on them by name. Throws a
 * PluginResolutionError naming the problem and its fix.
 */
export function resolvePlugins(
  installed: LoadedPlugin[],
  enabled: 'all' | 'none' | string[],
  coreVersion: string,
  coreModules: LoadedPlugin[] = []
): LoadedPlugin[] {
  const modules = new Map(coreModules.map((module) => [module.name, module]))
  const byName = new Map<string, LoadedPlugin>()
  for (const plugin of installed) {
    const problems = validateDefinition(plugin)
    if (problems.length) {
      throw new PluginResolutionError(`Plugin at ${plugin.root} is invalid: ${problems.join('; ')}`)
    }
    const existing = byName.get(plugin.name) ?? modules.get(plugin.name)
    if (existing) {
      throw new PluginResolutionError(
        `Plugin "${plugin.name}" is installed twice (${existing.root} and ${plugin.root}); remove one`
      )
    }
    byName.set(plugin.name, plugin)
  }

  let active: LoadedPlugin[]
  if (enabled === 'all') {
    active = [...byName.values()]
  } else if (enabled === 'none') {
    active = []
  } else {
    active = enabled.map((name) => {
      const plugin = byName.get(name)
      if (!plugin) {
        const known = [...byName.keys()].sort().join(', ') || 'none'
        throw new PluginResolutionError(
          `PLUGINS names "${name}", which is not installed (installed plugins: ${known})`
        )
      }
      return plugin
    })
  }
  const activeNames = new Set(active.map((plugin) => plugin.name))

  for (const plugin of active) {
    for (const [dependency, range] of Object.entries(plugin.dependsOn ?? {})) {
      if (dependency === 'core') {
        if (!semver.satisfies(coreVersion, range, { includePrerelease: true })) {
          throw new PluginResolutionError(
            `Plugin "${plugin.name}" needs core ${range} but the platform is ${coreVersion}`
          )
        }
        continue
      }
      const module = modules.get(dependency)
      if (module) {
        if (!semver.satisfies(module.version, range, { includePrerelease: true })) {
          throw new PluginResolutionError(
            `Plugin "${plugin.name}" needs the core module "${dependency}" ${range} but version ${module.version} is installed`
          )
        }
        continue
      }
      const target = byName.get(dependency)
      if (!target) {
        throw new PluginResolutionError(
          `Plugin "${plugin.name}" depends on "${dependency}" (${range}), which is not installed`
        )
      }
      if (plugin.kind === 'module' && target.kind === 'plugin') {
        throw new PluginResolutionError(
          `Core module "${plugin.name}" depends on the plugin "${dependency}": a core module may depend only on other core modules`
        )
      }
      if (!activeNames.has(dependency)) {
        throw new PluginResolutionError(
          `Plugin "${plugin.name}" depends on "${dependency}" (${range}), which is not enabled: add it to PLUGINS or disable "${plugin.name}"`
        )
      }
      if (!semver.satisfies(target.version, range, { includePrerelease: true })) {
        throw new PluginResolutionError(
          `Plugin "${plugin.name}" needs "${dependency}" ${range} but version ${target.version} is installed`
        )
      }
    }
  }

  return orderByDependencies(active)
}

/**
 * Depth-first topological sort; siblings keep alphabetical order so the result is
 * stable. Reports the first cycle found as `a -> b -> a`.
 */
function orderByDependencies(plugins: LoadedPlugin[]): LoadedPlugin[] {
  const byName = new Map(plugins.map((plugin) => [plugin.name, plugin]))
  const ordered: LoadedPlugin[] = []
  const state = new Map<string, 'visiting' | 'done'>()

  const visit = (plugin: LoadedPlugin, path: string[]) => {
    const current = state.get(plugin.name)
    if (current === 'done') return
    if (current === 'visiting') {
      const cycle = [...path.slice(path.indexOf(plugin.name)), plugin.name]
      throw new PluginResolutionError(`Plugin dependency cycle: ${cycle.join(' -> ')}`)
    }
    state.set(plugin.name, 'visiting')
    for (const dependency of Object.keys(plugin.dependsOn ?? {}).sort()) {
      const target = byName.get(dependency)
      if (target) visit(target, [...path, plugin.name])
    }
    state.set(plugin.name, 'done')
    ordered.push(plugin)
  }

  for (const plugin of [...plugins].sort((a, b) => a.name.localeCompare(b.name))) {
    visit(plugin, [])
  }
  return ordered
}
