import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ESLint } from 'eslint'
import { test } from '@japa/runner'

/**
 * Proves that the import rules of docs/concepts/architecture.md are enforced by `npm run lint`:
 * every rule gets a planted violation at a virtual file path and must fire with its own message,
 * and the imports the rules allow must pass. The files need not exist: ESLint lints the text as
 * if it lived at that path, with the project's real eslint.config.js.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const RULE = 'import-x/no-restricted-paths'

/** The message of each import rule, word for word as eslint.config.js reports it. */
const MESSAGES = {
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
} as const

type RuleName = keyof typeof MESSAGES

/** One import planted in a file that does not exist. */
interface Planted {
  file: string
  source: string
}

const KERNEL_FILE = 'core/http/planted.ts'
const PLUGIN_FILE = 'plugins/campaigns/services/planted.ts'
const PLUGIN_TEST_FILE = 'plugins/campaigns/tests/planted.spec.ts'
const MODULE_FILE = 'core/modules/planted/services/planted.ts'
const WIDGET_FILE = 'web-components/src/elements/planted.ts'

/** A violation of each rule, with the rule that must report it. */
const VIOLATIONS: Array<Planted & { rule: RuleName }> = [
  { file: KERNEL_FILE, source: '#modules/x/services/index', rule: 'kernelImportsDomain' },
  { file: KERNEL_FILE, source: '#plugins/leads/services/index', rule: 'kernelImportsDomain' },
  {
    file: KERNEL_FILE,
    source: '../../plugins/leads/services/index.js',
    rule: 'kernelImportsDomain',
  },
  { file: PLUGIN_FILE, source: '#core/http/problem', rule: 'domainImportsKernel' },
  { file: PLUGIN_FILE, source: '#config/platform', rule: 'domainImportsKernel' },
  { file: PLUGIN_FILE, source: '#database/seeders/demo_seeder', rule: 'domainImportsKernel' },
  { file: MODULE_FILE, source: '#start/env', rule: 'domainImportsKernel' },
  {
    file: PLUGIN_FILE,
    source: '../../../core/tenancy/tenant_context.js',
    rule: 'domainImportsKernel',
  },
  {
    file: PLUGIN_FILE,
    source: '#plugins/leads/services/lead_writer',
    rule: 'domainImportsDeepDomain',
  },
  {
    file: PLUGIN_FILE,
    source: '../../leads/services/lead_writer.js',
    rule: 'domainImportsDeepDomain',
  },
  {
    file: PLUGIN_FILE,
    source: '#modules/webhooks/services/webhook_outbox',
    rule: 'domainImportsDeepDomain',
  },
  { file: MODULE_FILE, source: '#plugins/leads/services/index', rule: 'moduleImportsPlugin' },
  { file: PLUGIN_FILE, source: '#tests/helpers/accounts', rule: 'domainImportsTests' },
  { file: PLUGIN_FILE, source: '../../../web-components/build.js', rule: 'domainImportsElsewhere' },
  { file: WIDGET_FILE, source: '#sdk', rule: 'webComponentImportsServer' },
  { file: WIDGET_FILE, source: '../../../core/x.js', rule: 'webComponentImportsServer' },
]

/** Imports the rules allow: none of them may report a boundary error. */
const ALLOWED: Planted[] = [
  { file: PLUGIN_FILE, source: '#sdk' },
  { file: PLUGIN_FILE, source: './lead_scoring.js' },
  { file: PLUGIN_FILE, source: '../validators/campaign_validator.js' },
  { file: PLUGIN_FILE, source: '#plugins/leads/services/index' },
  { file: PLUGIN_FILE, source: '#modules/secrets/services/index' },
  { file: PLUGIN_FILE, source: '@adonisjs/core/services/router' },
  { file: PLUGIN_FILE, source: 'node:crypto' },
  { file: MODULE_FILE, source: '#modules/secrets/services/index' },
  { file: MODULE_FILE, source: '#sdk' },
  { file: PLUGIN_TEST_FILE, source: '#tests/helpers/accounts' },
  { file: KERNEL_FILE, source: '#core/http/problem' },
  { file: KERNEL_FILE, source: '#config/platform' },
  { file: WIDGET_FILE, source: '../base/aip-element.js' },
  { file: WIDGET_FILE, source: 'lit' },
]

/** The boundary messages ESLint reports for `import` and for `import()` of `source` at `file`. */
async function boundaryMessages(eslint: ESLint, { file, source }: Planted) {
  const code = `import planted from '${source}'\n\nexport const lazy = () => import('${source}')\n\nexport default planted\n`
  const [result] = await eslint.lintText(code, { filePath: file })
  if (result.messages.some((message) => message.message.startsWith('File ignored'))) {
    throw new Error(`${file} is ignored by eslint.config.js, so nothing was checked`)
  }
  return result.messages
    .filter((message) => message.ruleId === RULE || message.message.startsWith('Resolve error'))
    .map((message) => message.message)
}

/** What `no-restricted-paths` says for `source` when `rule` fires. */
const expected = (source: string, rule: RuleName) =>
  `Unexpected path "${source}" imported in restricted zone. ${MESSAGES[rule]}`

test.group('Import boundaries (eslint.config.js)', (group) => {
  let eslint: ESLint

  group.setup(() => {
    eslint = new ESLint({ cwd: ROOT })
  })

  for (const violation of VIOLATIONS) {
    test(`${violation.rule}: ${violation.file} importing ${violation.source}`, async ({
      assert,
    }) => {
      const messages = await boundaryMessages(eslint, violation)
      const message = expected(violation.source, violation.rule)
      assert.deepEqual(messages, [message, message], 'static import and import() both fail')
    }).timeout(60_000)
  }

  for (const allowed of ALLOWED) {
    test(`allowed: ${allowed.file} importing ${allowed.source}`, async ({ assert }) => {
      assert.deepEqual(await boundaryMessages(eslint, allowed), [])
    }).timeout(60_000)
  }

  test('docs/concepts/architecture.md states every rule in the words of its lint message', async ({
    assert,
  }) => {
    const page = await readFile(join(ROOT, 'docs/concepts/architecture.md'), 'utf8')
    for (const message of Object.values(MESSAGES)) assert.include(page, message)
  })
})
