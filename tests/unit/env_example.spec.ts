import { readFile } from 'node:fs/promises'
import { test } from '@japa/runner'
import {
  ENV_EXAMPLE_FILE,
  ENV_SCHEMA_FILE,
  generateEnvExample,
  parseEnvSchema,
  renderEnvExample,
} from '#core/runtime/env_example'

const ROOT = new URL('../../', import.meta.url)

test.group('.env.example', () => {
  test('matches the environment schema (regenerate with `node ace env:example`)', async ({
    assert,
  }) => {
    const committed = await readFile(new URL(ENV_EXAMPLE_FILE, ROOT), 'utf8')
    const generated = await generateEnvExample(ROOT)
    assert.equal(
      committed,
      generated,
      '.env.example drifted from core/start/env.ts: run `node ace env:example` and commit'
    )
  })

  test('lists every variable the schema declares', async ({ assert }) => {
    const source = await readFile(new URL(ENV_SCHEMA_FILE, ROOT), 'utf8')
    const declared = source.match(/Env\.schema\./g) ?? []
    const parsed = parseEnvSchema(source)
    assert.lengthOf(parsed, declared.length)
    assert.includeMembers(
      parsed.map((variable) => variable.name),
      ['DATABASE_URL', 'APP_KEY', 'PLUGINS', 'WORKER']
    )
    const worker = parsed.find((variable) => variable.name === 'WORKER')!
    assert.deepEqual(worker.choices, ['in-process', 'off'])
    assert.match(worker.comment, /node ace worker/)
  })

  test('a new variable changes the generated file', ({ assert }) => {
    const before = `export default await Env.create(url, {\n  PORT: Env.schema.number.optional(),\n})\n`
    const after = before.replace(
      '})',
      "  /** A new knob. */\n  NEW_KNOB: Env.schema.enum.optional([\n    'a',\n    'b',\n  ] as const),\n})"
    )
    const text = renderEnvExample(parseEnvSchema(after))
    assert.notEqual(renderEnvExample(parseEnvSchema(before)), text)
    assert.include(text, '# A new knob.\n# NEW_KNOB=    (a | b)')
  })
})
