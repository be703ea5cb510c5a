import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, isAbsolute, join, relative, resolve } from 'node:path'
import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import semver from 'semver'
import { CORE_VERSION } from '#core/plugins/plugin_registry'

/** Same rule as the plugin loader (core/plugins/plugin_resolver.ts). */
const NAME_PATTERN = /^[a-z][a-z0-9_]{1,39}$/

/** Folder of the scaffold templates (`.stub` files, so ace does not load them as commands). */
const STUBS = new URL('./stubs/plugin/', import.meta.url)

/**
 * The values substituted for `{{ key }}` in the stubs, derived from the plugin
 * name (`social_media` gives Name `SocialMedia`, camelName `socialMedia`, NAME
 * `SOCIAL_MEDIA` and title `Social media`), the
 * time (migration prefix) and the running core (`coreRange`, e.g. `^0.1.0`).
 */
export interface PluginStubValues {
  name: string
  Name: string
  /** camelCase name (`socialMedia`), for variables. */
  camelName: string
  /** UPPER_CASE name (`SOCIAL_MEDIA`), for constants. */
  NAME: string
  title: string
  timestamp: string
  coreRange: string
}

/**
 * Checks a plugin name for `make:plugin` and returns what is wrong with it, or
 * undefined when it can be used. `existing` lists folders a plugin of that name
 * would collide with.
 */
export function pluginNameProblem(name: string, existing: string[] = []): string | undefined {
  if (!NAME_PATTERN.test(name)) {
    return `Invalid plugin name "${name}": use 2 to 40 lower-case letters, digits or underscores, starting with a letter (e.g. "social_media")`
  }
  if (name === 'core') return 'Invalid plugin name "core": it is reserved for the platform'
  const taken = existing.find((folder) => existsSync(folder))
  if (taken) return `Plugin "${name}" already exists at ${taken}: choose another name`
  return undefined
}

/**
 * The stub values for a plugin name (see PluginStubValues). A new plugin needs
 * the core's current minor version or any later compatible one.
 */
export function pluginStubValues(
  name: string,
  now = new Date(),
  coreVersion = CORE_VERSION
): PluginStubValues {
  const words = name.split('_').filter(Boolean)
  const core = semver.parse(coreVersion)
  if (!core) throw new Error(`The core version "${coreVersion}" is not a semantic version`)
  return {
    name,
    Name: words.map((word) => word[0].toUpperCase() + word.slice(1)).join(''),
    camelName: words
      .map((word, index) => (index ? word[0].toUpperCase() + word.slice(1) : word))
      .join(''),
    NAME: name.toUpperCase(),
    title: [words[0][0].toUpperCase() + words[0].slice(1), ...words.slice(1)].join(' '),
    timestamp: String(now.getTime()),
    coreRange: `^${core.major}.${core.minor}.0`,
  }
}

/**
 * The files of a new plugin: stub template and target path inside the plugin
 * folder. The order is the order they are written and reported in.
 */
export function pluginFiles(values: PluginStubValues): Array<{ stub: string; path: string }> {
  const { name, timestamp } = values
  return [
    { stub: 'plugin.ts.stub', path: 'plugin.ts' },
    { stub: 'routes.ts.stub', path: 'routes.ts' },
    { stub: 'controller.ts.stub', path: `controllers/${name}_items_controller.ts` },
    { stub: 'services_index.ts.stub', path: 'services/index.ts' },
    { stub: 'service.ts.stub', path: `services/${name}_item_service.ts` },
    { stub: 'resource.ts.stub', path: `services/${name}_item_resource.ts` },
    { stub: 'validator.ts.stub', path: `validators/${name}_item_validator.ts` },
    { stub: 'openapi_schemas.ts.stub', path: `openapi/${name}_item_schemas.ts` },
    { stub: 'job.ts.stub', path: 'jobs/process_item.ts' },
    { stub: 'privacy_manifest.ts.stub', path: 'privacy_manifest.ts' },
    { stub: 'webhook_event_types.ts.stub', path: 'webhook_event_types.ts' },
    {
      stub: 'migration.ts.stub',
      path: `database/migrations/${timestamp}_create_${name}_items_table.ts`,
    },
    { stub: 'demo_seed.ts.stub', path: 'database/demo_seed.ts' },
    { stub: 'test.spec.ts.stub', path: `tests/${name}_items.spec.ts` },
    { stub: 'README.md.stub', path: 'README.md' },
  ]
}

/** Replaces every `{{ key }}` of a stub; an unknown key is a bug in the stub. */
export function renderStub(template: string, values: PluginStubValues): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_match, key: string) => {
    if (!(key in values)) throw new Error(`Unknown stub placeholder "{{ ${key} }}"`)
    return values[key as keyof PluginStubValues]
  })
}

/**
 * Formats generated code with the project's Prettier settings (looked up from
 * `configFrom`, a file in the project, even when the plugin goes elsewhere), so
 * long plugin names still give lint-clean files. Prettier is a dev dependency:
 * without it the text is written as rendered.
 */
async function format(path: string, text: string, configFrom: string): Promise<string> {
  try {
    const prettier = await import('prettier')
    const options = await prettier.resolveConfig(configFrom)
    return await prettier.format(text, { ...options, filepath: path })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') return text
    throw error
  }
}

/**
 * `node ace make:plugin <name>`: writes a working plugin in the one shape every
 * core module and plugin uses (manifest, routes, controller, services with their
 * `services/index.ts` face and a resource declaration, validator, OpenAPI schemas, job, privacy manifest,
 * webhook event types, migration, demo seed, functional tests and a README),
 * importing only `#sdk` and its own files, to plugins/<name>/ or the folder
 * given with --dir. It runs as soon as the server restarts.
 */
export default class MakePlugin extends BaseCommand {
  static commandName = 'make:plugin'
  static description = 'Create a working plugin scaffold in plugins/<name>'
  static help = [
    'The name is 2 to 40 lower-case letters, digits or underscores, starting with a letter.',
    '{{ binaryName }} make:plugin social_media',
    '{{ binaryName }} make:plugin social_media --dir tmp/plugins',
  ]
  static options: CommandOptions = { startApp: false }

  @args.string({ description: 'Plugin name (e.g. social_media)' })
  declare name: string

  @flags.string({ description: 'Folder to create the plugin in', default: 'plugins' })
  declare dir: string

  async run() {
    const appRoot = this.app.makePath()
    const root = resolve(appRoot, this.dir ?? 'plugins')
    const target = join(root, this.name)
    const problem = pluginNameProblem(this.name, [target, this.app.makePath('plugins', this.name)])
    if (problem) {
      this.logger.error(problem)
      this.exitCode = 1
      return
    }

    const values = pluginStubValues(this.name)
    for (const file of pluginFiles(values)) {
      const template = await readFile(new URL(file.stub, STUBS), 'utf8')
      const path = join(target, file.path)
      await mkdir(dirname(path), { recursive: true })
      const text = await format(path, renderStub(template, values), join(appRoot, 'package.json'))
      await writeFile(path, text, { flag: 'wx' })
      this.logger.action(`create ${relative(appRoot, path)}`).succeeded()
    }

    const shown = relative(appRoot, target)
    this.logger.success(`Plugin "${this.name}" created in ${shown}`)
    if (shown.startsWith('..') || isAbsolute(shown)) {
      this.logger.warning(
        `${target} is outside the project: its \`#sdk\` imports resolve only from the ` +
          `project's package.json, so keep plugins inside the project tree`
      )
    }
    const next =
      root === this.app.makePath('plugins')
        ? `run its tests with \`npm test -- --files ${shown}/tests/${this.name}_items.spec.ts\``
        : `start it with \`PLUGINS_EXTRA_DIR=${relative(appRoot, root) || '.'}\` so the platform finds it`
    this.logger.info(
      `Next: restart the server (its migration runs on start, or run \`node ace db:prepare\`) ` +
        `and ${next}. See ${shown}/README.md.`
    )
  }
}
