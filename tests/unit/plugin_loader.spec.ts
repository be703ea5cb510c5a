import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import { test } from '@japa/runner'
import type { LoadedPlugin } from '#core/plugins/plugin_definition'
import { discoverPlugins } from '#core/plugins/plugin_discovery'
import { resolvePlugins, validateDefinition } from '#core/plugins/plugin_resolver'
import { PluginResolutionError } from '#core/plugins/plugin_resolution_error'
import platform from '#config/platform'
import { activeDomains, coreModules, CORE_VERSION } from '#core/plugins/plugin_registry'

const FIXTURES = fileURLToPath(new URL('../fixtures/plugins/', import.meta.url))

/** Absolute folder of one fixture scenario. */
const scenario = (name: string) => join(FIXTURES, name)

/** Discovers the plugins of one fixture scenario. */
const discover = (name: string) => discoverPlugins([scenario(name)])

/** The error `fn` throws; fails the test when it throws nothing or something else. */
function resolutionError(fn: () => unknown): PluginResolutionError {
  try {
    fn()
  } catch (error) {
    if (error instanceof PluginResolutionError) return error
    throw error
  }
  throw new Error('expected a PluginResolutionError, but nothing was thrown')
}

/** The one plugin of a scenario that lives in folder `folder`. */
function pick(plugins: LoadedPlugin[], folder: string): LoadedPlugin {
  const plugin = plugins.find((item) => item.root.endsWith(`/${folder}`))
  if (!plugin) throw new Error(`fixture folder ${folder} not discovered`)
  return plugin
}

test.group('Plugin discovery', () => {
  test('finds every <dir>/<name>/plugin.ts, sorted by folder, and skips other folders', async ({
    assert,
  }) => {
    const plugins = await discover('ordered')
    assert.deepEqual(
      plugins.map((plugin) => plugin.name),
      ['alpha', 'beta', 'delta', 'gamma']
    )
    const beta = pick(plugins, 'beta')
    assert.equal(beta.root, join(scenario('ordered'), 'beta'))
    assert.equal(beta.version, '1.4.0')
    assert.deepEqual(beta.dependsOn, { gamma: '>=0.3.0 <1.0.0' })
  })

  test('migrationsPath defaults to database/migrations and honours `migrations`', async ({
    assert,
  }) => {
    const plugins = await discover('ordered')
    assert.equal(
      pick(plugins, 'alpha').migrationsPath,
      join(scenario('ordered'), 'alpha', 'database', 'migrations')
    )
    assert.equal(
      pick(plugins, 'beta').migrationsPath,
      join(scenario('ordered'), 'beta', 'sql', 'migrations')
    )
  })

  test('searches several folders and ignores folders that do not exist', async ({ assert }) => {
    const plugins = await discoverPlugins([
      scenario('missing_dependency'),
      join(FIXTURES, 'no_such_folder'),
      scenario('core_range'),
    ])
    assert.deepEqual(
      plugins.map((plugin) => plugin.name),
      ['alpha', 'future']
    )
  })

  test('a plugin.ts without a default export is refused', async ({ assert }) => {
    const error = await discover('no_default').then(
      () => undefined,
      (reason: unknown) => reason
    )
    assert.instanceOf(error, PluginResolutionError)
    assert.match(
      (error as Error).message,
      /no_default\/broken\/plugin\.ts must export a plugin with definePlugin\(\) as default$/
    )
  })
})

test.group('Plugin resolution / order', () => {
  test('dependencies load first; independent plugins keep alphabetical order', async ({
    assert,
  }) => {
    const active = resolvePlugins(await discover('ordered'), 'all', CORE_VERSION)
    assert.deepEqual(
      active.map((plugin) => plugin.name),
      ['gamma', 'beta', 'alpha', 'delta']
    )
    const position = new Map(active.map((plugin, index) => [plugin.name, index]))
    for (const plugin of active) {
      for (const dependency of Object.keys(plugin.dependsOn ?? {})) {
        if (dependency === 'core') continue
        assert.isBelow(position.get(dependency)!, position.get(plugin.name)!)
      }
    }
  })

  test('migration folders come in dependency order (the order Lucid runs them)', async ({
    assert,
  }) => {
    const root = scenario('ordered')
    const active = resolvePlugins(await discover('ordered'), 'all', CORE_VERSION)
    assert.deepEqual(
      active.map((plugin) => plugin.migrationsPath),
      [
        join(root, 'gamma', 'database', 'migrations'),
        join(root, 'beta', 'sql', 'migrations'),
        join(root, 'alpha', 'database', 'migrations'),
        join(root, 'delta', 'database', 'migrations'),
      ]
    )
  })

  test('the order of an explicit enabled list does not change the load order', async ({
    assert,
  }) => {
    const installed = await discover('ordered')
    const active = resolvePlugins(installed, ['delta', 'alpha', 'gamma', 'beta'], CORE_VERSION)
    assert.deepEqual(
      active.map((plugin) => plugin.name),
      ['gamma', 'beta', 'alpha', 'delta']
    )
  })

  test('an enabled list keeps only the named plugins; `none` keeps none', async ({ assert }) => {
    const installed = await discover('ordered')
    assert.deepEqual(
      resolvePlugins(installed, ['beta', 'gamma'], CORE_VERSION).map((plugin) => plugin.name),
      ['gamma', 'beta']
    )
    assert.deepEqual(resolvePlugins(installed, 'none', CORE_VERSION), [])
  })
})

test.group('Plugin resolution / refusals', () => {
  test('a missing dependency is refused, naming the plugin, dependency and range', async ({
    assert,
  }) => {
    const installed = await discover('missing_dependency')
    const error = resolutionError(() => resolvePlugins(installed, 'all', CORE_VERSION))
    assert.equal(
      error.message,
      'Plugin "alpha" depends on "ghost" (^1.0.0), which is not installed'
    )
  })

  test('a dependency that is installed but not enabled is refused with the fix', async ({
    assert,
  }) => {
    const installed = await discover('ordered')
    const error = resolutionError(() => resolvePlugins(installed, ['alpha', 'gamma'], CORE_VERSION))
    assert.equal(
      error.message,
      'Plugin "alpha" depends on "beta" (^1.2.0), which is not enabled: add it to PLUGINS or disable "alpha"'
    )
  })

  test('a dependency cycle is refused and shown as a -> b -> a', async ({ assert }) => {
    const installed = await discover('cycle')
    const error = resolutionError(() => resolvePlugins(installed, 'all', CORE_VERSION))
    assert.equal(error.message, 'Plugin dependency cycle: alpha -> beta -> alpha')
  })

  test('the cycle message shows only the plugins on the cycle', async ({ assert }) => {
    const installed = await discover('cycle_tail')
    const error = resolutionError(() => resolvePlugins(installed, 'all', CORE_VERSION))
    assert.equal(error.message, 'Plugin dependency cycle: beta -> gamma -> beta')
  })

  test('a plugin depending on itself is a cycle', async ({ assert }) => {
    const [future] = await discover('core_range')
    const selfish = { ...future, name: 'selfish', dependsOn: { selfish: '*' } }
    const error = resolutionError(() => resolvePlugins([selfish], 'all', CORE_VERSION))
    assert.equal(error.message, 'Plugin dependency cycle: selfish -> selfish')
  })

  test('an installed dependency outside the required range is refused', async ({ assert }) => {
    const installed = await discover('incompatible_version')
    const error = resolutionError(() => resolvePlugins(installed, 'all', CORE_VERSION))
    assert.equal(error.message, 'Plugin "alpha" needs "beta" ^2.0.0 but version 1.4.0 is installed')
  })

  test('a core range the platform does not satisfy is refused', async ({ assert }) => {
    const installed = await discover('core_range')
    const error = resolutionError(() => resolvePlugins(installed, 'all', '0.1.9'))
    assert.equal(error.message, 'Plugin "future" needs core ^0.2.0 but the platform is 0.1.9')
  })

  test('the core range is checked against the given core version', async ({ assert }) => {
    const installed = await discover('core_range')
    assert.deepEqual(
      resolvePlugins(installed, 'all', '0.2.3').map((plugin) => plugin.name),
      ['future']
    )
    const error = resolutionError(() => resolvePlugins(installed, 'all', '0.3.0'))
    assert.match(error.message, /needs core \^0\.2\.0 but the platform is 0\.3\.0/)
  })

  test('an unknown name in the enabled list is refused, listing what is installed', async ({
    assert,
  }) => {
    const installed = await discover('ordered')
    const error = resolutionError(() => resolvePlugins(installed, ['gamma', 'zeta'], CORE_VERSION))
    assert.equal(
      error.message,
      'PLUGINS names "zeta", which is not installed (installed plugins: alpha, beta, delta, gamma)'
    )
    const none = resolutionError(() => resolvePlugins([], ['zeta'], CORE_VERSION))
    assert.equal(
      none.message,
      'PLUGINS names "zeta", which is not installed (installed plugins: none)'
    )
  })

  test('the same plugin name installed twice is refused', async ({ assert }) => {
    const installed = await discoverPlugins([scenario('ordered'), scenario('duplicate')])
    const error = resolutionError(() => resolvePlugins(installed, 'all', CORE_VERSION))
    assert.equal(
      error.message,
      `Plugin "gamma" is installed twice (${join(scenario('ordered'), 'gamma')} and ${join(scenario('duplicate'), 'gamma_again')}); remove one`
    )
  })
})

test.group('Plugin resolution / invalid declarations', (group) => {
  let invalid: LoadedPlugin[] = []
  group.setup(async () => {
    invalid = await discover('invalid')
  })

  /** Resolves the one fixture plugin in `folder` and returns the refusal. */
  const refuse = (folder: string) => {
    const plugin = pick(invalid, folder)
    const error = resolutionError(() => resolvePlugins([plugin], 'all', CORE_VERSION))
    const prefix = `Plugin at ${plugin.root} is invalid: `
    if (!error.message.startsWith(prefix)) {
      throw new Error(`expected "${error.message}" to start with "${prefix}"`)
    }
    return error.message.slice(prefix.length)
  }

  test('an invalid name is refused, even when not enabled', ({ assert }) => {
    assert.equal(
      refuse('bad_name'),
      'name "Bad-Name" must match /^[a-z][a-z0-9_]{1,39}$/ (lower case, digits, underscore)'
    )
    const error = resolutionError(() =>
      resolvePlugins([pick(invalid, 'bad_name')], 'none', CORE_VERSION)
    )
    assert.include(error.message, 'name "Bad-Name" must match')
  })

  test('the name "core" is reserved', ({ assert }) => {
    assert.equal(refuse('reserved_core'), 'the name "core" is reserved for the platform')
  })

  test('a version that is not semver is refused', ({ assert }) => {
    assert.equal(refuse('bad_version'), 'version "one.two" is not a semantic version')
  })

  test('a dependency range that is not semver is refused', ({ assert }) => {
    assert.equal(
      refuse('bad_range'),
      'dependency "core" has an invalid semver range "latest please"'
    )
  })

  test('extension versions must be semver ranges of required extensions', ({ assert }) => {
    assert.equal(
      refuse('bad_extension_version'),
      'extension "vector" has an invalid semver range "newest"; ' +
        'extension version for "postgis", which is not in requires.extensions'
    )
  })

  test('a job not prefixed with the plugin name is refused', ({ assert }) => {
    assert.equal(refuse('bad_job'), 'job "other/steal" must be named "bad_job/<task>"')
  })

  test('validateDefinition lists every problem of a declaration at once', ({ assert }) => {
    const plugin = pick(invalid, 'bad_job')
    const problems = validateDefinition({
      ...plugin,
      name: 'x',
      version: '1',
      dependsOn: { core: '~~' },
    })
    assert.deepEqual(problems, [
      'name "x" must match /^[a-z][a-z0-9_]{1,39}$/ (lower case, digits, underscore)',
      'version "1" is not a semantic version',
      'dependency "core" has an invalid semver range "~~"',
      'job "bad_job/fine" must be named "x/<task>"',
      'job "other/steal" must be named "x/<task>"',
    ])
    assert.deepEqual(validateDefinition(pick(invalid, 'bad_range')).length, 1)
  })

  test('valid fixtures have no problems', async ({ assert }) => {
    for (const plugin of await discover('ordered')) {
      assert.deepEqual(validateDefinition(plugin), [], plugin.name)
    }
  })
})

test.group('Core modules and the loader', () => {
  /** A declaration as the loader holds it, for resolution tests. */
  const domain = (
    name: string,
    kind: LoadedPlugin['kind'],
    extra: Partial<LoadedPlugin> = {}
  ): LoadedPlugin => ({
    name,
    version: '0.1.0',
    description: name,
    kind,
    root: `/domains/${name}`,
    migrationsPath: `/domains/${name}/database/migrations`,
    ...extra,
  })

  test('the core modules are always active and load before every plugin', async ({ assert }) => {
    const modules = await coreModules(platform.plugins)
    const domains = await activeDomains(platform.plugins)
    assert.includeMembers(
      modules.map((module) => module.name),
      ['identity', 'webhooks', 'privacy', 'secrets', 'integrations', 'ai', 'chat', 'embed']
    )
    assert.isTrue(modules.every((module) => module.kind === 'module'))
    const firstPlugin = domains.findIndex((item) => item.kind === 'plugin')
    const kinds = domains.map((item) => item.kind)
    assert.deepEqual(
      kinds.slice(0, modules.length),
      modules.map(() => 'module')
    )
    if (firstPlugin !== -1) assert.equal(firstPlugin, modules.length)
    // Identity comes before every module that depends on it.
    const order = modules.map((module) => module.name)
    assert.isBelow(order.indexOf('identity'), order.indexOf('webhooks'))
  })

  test('a plugin may depend on a core module, within its version range', ({ assert }) => {
    const identity = domain('identity', 'module')
    const [plugin] = resolvePlugins(
      [domain('crm', 'plugin', { dependsOn: { identity: '^0.1.0' } })],
      'all',
      CORE_VERSION,
      [identity]
    )
    assert.equal(plugin.name, 'crm')
    const error = resolutionError(() =>
      resolvePlugins(
        [domain('crm', 'plugin', { dependsOn: { identity: '^2.0.0' } })],
        'all',
        CORE_VERSION,
        [identity]
      )
    )
    assert.include(error.message, 'needs the core module "identity" ^2.0.0')
  })

  test('a core module may not depend on a plugin', ({ assert }) => {
    const error = resolutionError(() =>
      resolvePlugins(
        [domain('identity', 'module', { dependsOn: { crm: '^0.1.0' } }), domain('crm', 'plugin')],
        'all',
        CORE_VERSION
      )
    )
    assert.include(error.message, 'a core module may depend only on other core modules')
  })

  test('a plugin may not take the name of a core module', ({ assert }) => {
    const error = resolutionError(() =>
      resolvePlugins([domain('identity', 'plugin')], 'all', CORE_VERSION, [
        domain('identity', 'module'),
      ])
    )
    assert.include(error.message, 'Plugin "identity" is installed twice')
  })

  test('core modules keep their core/<task> job names; plugins may not use them', ({ assert }) => {
    const jobs = { 'core/purge': async () => {} } as unknown as LoadedPlugin['jobs']
    assert.deepEqual(validateDefinition(domain('webhooks', 'module', { jobs })), [])
    assert.deepEqual(validateDefinition(domain('crm', 'plugin', { jobs })), [
      'job "core/purge" must be named "crm/<task>"',
    ])
  })
})

test.group('Route mounting', () => {
  test('a routes module that registers asynchronously is refused at boot', async ({ assert }) => {
    // Routes registered after an await would escape the /v1 group and the route policy.
    const { mountDomainRoutes } = await import('#core/http/route_policy')
    const asyncRoutes = (async () => {}) as unknown as () => void
    assert.throws(() => mountDomainRoutes(asyncRoutes), /must register its routes synchronously/)
  })
})
