import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { configApp } from '@adonisjs/eslint-config'
import importX from 'eslint-plugin-import-x'

const ROOT = dirname(fileURLToPath(import.meta.url))

/* ------------------------------------------------------------------------------------------------
 * Import boundaries (issue 10): the three import rules of docs/concepts/architecture.md.
 *
 * `import-x/no-restricted-paths` checks where an import lands: each zone names the files it
 * applies to (`target`) and the paths they may not import (`from`, minus `except`). Every
 * `import`, `export … from`, `import()` and `require()` is checked. The resolver below turns a
 * specifier into a path by arithmetic alone (package.json `imports` for `#` aliases, the
 * importing file's folder for relative paths), so a boundary holds even for a file that does
 * not exist yet; npm packages and node builtins stay unresolved and are always allowed.
 * tests/unit/import_boundaries.spec.ts plants a violation of every rule and checks that it fires.
 * ---------------------------------------------------------------------------------------------- */

/** The messages of the import rules; docs/concepts/architecture.md quotes them word for word. */
export const BOUNDARY_MESSAGES = {
  kernelImportsDomain:
    'Rule 1: the kernel may not import a core module or a plugin. Move what the kernel needs into the kernel (and export it from #sdk), or let the domain contribute it through its plugin.ts manifest.',
  domainImportsKernel:
    'Rule 2: a module or plugin may not import kernel internals (#core/*, #config/*, #start/*, #database/*, #providers/*, #exceptions/*). Import it from #sdk.',
  domainImportsDeepDomain:
    "Rule 2: a module or plugin may import another domain only through its face. Import it from #modules/<m>/services/index or #plugins/<p>/services/index, and use relative paths only inside the domain's own folder.",
  moduleImportsPlugin:
    'Rule 2: a core module may not import a plugin (plugins can be disabled, core modules cannot). Let the plugin depend on the module instead, or react to a webhook event.',
  domainImportsTests:
    'Rule 2: #tests/* may be imported only from test files (tests/*.spec.ts). Production code imports from #sdk.',
  domainImportsElsewhere:
    "Rule 2: a module or plugin may import only #sdk, its own folder, other domains' services/index faces, npm packages and node builtins.",
  webComponentImportsServer:
    'Rule 3: web components may not import server code (no # alias, no relative path leaving web-components/). Talk to the platform over HTTP with the typed client in web-components/src/api.',
}

/** Absolute glob of a repository path: `no-restricted-paths` matches absolute paths. */
const at = (path) => join(ROOT, path)

/** A domain's face, as an alias or a relative path lands on it (`.js` as written, `.ts` if spelled). */
const FACE = 'services/index.{js,ts}'

/** Kernel files: `core/` except `core/modules/`, plus the core migrations and seeders. */
const KERNEL = [at('core/*'), at('core/!(modules)/**'), at('database/**')]

/** Folder names below `parent`: the installed plugins or core modules. */
function domainsIn(parent) {
  try {
    return readdirSync(at(parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `${parent}/${entry.name}`)
  } catch {
    return []
  }
}

/**
 * Import-x resolver that maps a specifier to the absolute path it names, without touching the
 * file system: `#alias/*` through package.json `imports` (longest prefix first, as Node does),
 * `./` and `../` against the importing file's folder. Everything else is left unresolved.
 */
function layoutResolver() {
  const imports = JSON.parse(readFileSync(at('package.json'), 'utf8')).imports ?? {}
  const patterns = Object.entries(imports)
    .map(([key, target]) => {
      const [prefix, suffix] = key.split('*')
      return { key, prefix, suffix, target }
    })
    .sort((a, b) => b.prefix.length - a.prefix.length)

  return {
    interfaceVersion: 3,
    name: 'layout-paths',
    resolve(source, file) {
      if (source.startsWith('./') || source.startsWith('../')) {
        return { found: true, path: resolve(dirname(file), source) }
      }
      if (!source.startsWith('#')) return { found: false }
      for (const { key, prefix, suffix, target } of patterns) {
        if (suffix === undefined) {
          if (source === key) return { found: true, path: at(target) }
          continue
        }
        const fits =
          source.length >= prefix.length + suffix.length &&
          source.startsWith(prefix) &&
          source.endsWith(suffix)
        if (fits) {
          const star = source.slice(prefix.length, source.length - suffix.length)
          return { found: true, path: at(target.replace('*', star)) }
        }
      }
      return { found: false }
    },
  }
}

/** Every module and plugin file, and the ones among them that are not tests. */
const DOMAIN_FILES = [at('core/modules/**'), at('plugins/**')]
const DOMAIN_NON_TEST_FILES = ['core/modules', 'plugins'].flatMap((parent) => [
  at(`${parent}/*/*`),
  at(`${parent}/*/!(tests)/**`),
])

/**
 * The zone of rule 2 that needs to know the importing file's own folder (`plugins/leads`,
 * `core/modules/webhooks`): it may reach another domain only at its `services/index` face.
 */
function faceOnlyZone(folder) {
  const otherDomains = folder.startsWith('core/modules/')
    ? ['core/modules/**']
    : ['core/modules/**', 'plugins/**']
  return {
    target: [at(`${folder}/**`)],
    from: otherDomains.map(at),
    except: [at(`${folder}/**`), at(`core/modules/*/${FACE}`), at(`plugins/*/${FACE}`)],
    message: BOUNDARY_MESSAGES.domainImportsDeepDomain,
  }
}

/**
 * The config block of the three import rules. The face-only zone is made for every folder under
 * `plugins/` and `core/modules/` present when ESLint loads this file; the other zones hold for any
 * path, so they also cover a domain that does not exist yet.
 */
function importBoundaries() {
  const domains = [...domainsIn('plugins'), ...domainsIn('core/modules')]
  return {
    files: ['**/*.{ts,js,mjs,mts}'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [layoutResolver()] },
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            // Rule 1: the kernel knows no domain.
            {
              target: KERNEL,
              from: DOMAIN_FILES,
              message: BOUNDARY_MESSAGES.kernelImportsDomain,
            },
            // Rule 2: modules and plugins pass through #sdk and faces only.
            {
              target: DOMAIN_FILES,
              from: [at('core/**'), at('database/**'), at('.adonisjs/**')],
              except: [at('core/modules/**'), at('core/sdk/index.{js,ts}')],
              message: BOUNDARY_MESSAGES.domainImportsKernel,
            },
            ...domains.map(faceOnlyZone),
            {
              target: [at('core/modules/**')],
              from: [at('plugins/**')],
              message: BOUNDARY_MESSAGES.moduleImportsPlugin,
            },
            {
              target: DOMAIN_NON_TEST_FILES,
              from: [at('tests/**')],
              message: BOUNDARY_MESSAGES.domainImportsTests,
            },
            {
              target: DOMAIN_FILES,
              from: [at('**')],
              except: ['core', 'database', 'plugins', 'tests', 'node_modules'].map((dir) =>
                at(`${dir}/**`)
              ),
              message: BOUNDARY_MESSAGES.domainImportsElsewhere,
            },
            // Rule 3: web components talk HTTP only.
            {
              target: [at('web-components/**')],
              from: [at('**'), at('.*/**')],
              except: [at('web-components/**'), at('node_modules/**')],
              message: BOUNDARY_MESSAGES.webComponentImportsServer,
            },
          ],
        },
      ],
    },
  }
}

export default configApp(
  {
    ignores: [
      'docs/.vitepress/cache/**',
      'docs/.vitepress/dist/**',
      'web-components/src/api/**',
      // Built bundles and the npm package files (node web-components/build.ts).
      'web-components/dist/**',
      'tmp/**',
      '.data/**',
      // The production build's compiled output (npm run build).
      'build/**',
    ],
  },
  {
    // `(await client.get(url)).assertStatus(404)` is the clearest form for HTTP tests.
    files: ['tests/**/*.ts', 'core/modules/*/tests/**/*.ts', 'plugins/*/tests/**/*.ts'],
    rules: { '@unicorn/no-await-expression-member': 'off' },
  },
  {
    // Web components follow Lit habits: kebab-case files named after their tags.
    files: ['web-components/src/**/*.ts'],
    rules: { '@unicorn/filename-case': ['error', { case: 'kebabCase' }] },
  },
  importBoundaries()
)
