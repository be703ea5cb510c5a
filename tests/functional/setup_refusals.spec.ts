import { once } from 'node:events'
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import { startNode } from '#tests/helpers/processes'

const FIXTURES = app.makePath('tests/fixtures/plugins/missing_extension')

/**
 * Runs an entry point with a plugin that needs an extension the database
 * lacks (the same path as the knowledge plugin on a server without pgvector)
 * and returns its exit code and output.
 */
async function runEntryPoint(args: string[], env: Record<string, string>) {
  const run = startNode(args, {
    DATABASE_URL: undefined,
    HOST: '127.0.0.1',
    PORT: '0',
    EMBEDDED_STORAGE: 'memory',
    DEMO_SEED: 'false',
    WORKER: 'off',
    LOG_LEVEL: 'warn',
    PLUGINS_EXTRA_DIR: FIXTURES,
    ...env,
  })
  const timer = setTimeout(() => run.child.kill('SIGKILL'), 90_000)
  // 'close' (not 'exit'): the output is complete once the pipes have closed.
  const [code] = (await once(run.child, 'close')) as [number | null]
  clearTimeout(timer)
  return { code, output: run.output() }
}

/** A stack frame line as Node, Youch or Ace print them. */
const STACK_FRAME = /^\s*(?:at |⁃ at )/m

test.group('Setup refusals', () => {
  test('the server refuses a plugin whose extension is missing, with one readable line', async ({
    assert,
  }) => {
    const { code, output } = await runEntryPoint(
      ['--import=@poppinss/ts-exec', 'core/bin/server.ts'],
      { PLUGINS: 'needs_ext' }
    )
    assert.equal(code, 1, output)
    assert.include(
      output,
      'Cannot start: Plugin "needs_ext" needs the PostgreSQL extension "aip_absent_extension"'
    )
    assert.include(output, 'disable the plugin with PLUGINS')
    assert.notMatch(output, STACK_FRAME)
  }).timeout(120_000)

  test('ace commands refuse the same way (db:prepare)', async ({ assert }) => {
    const { code, output } = await runEntryPoint(['ace', 'db:prepare'], { PLUGINS: 'needs_ext' })
    assert.equal(code, 1, output)
    assert.include(output, 'Cannot start: Plugin "needs_ext" needs the PostgreSQL extension')
    assert.notMatch(output, STACK_FRAME)
  }).timeout(120_000)

  test('ace worker (a command that stays alive) refuses and exits', async ({ assert }) => {
    const { code, output } = await runEntryPoint(['ace', 'worker'], { PLUGINS: 'needs_ext' })
    assert.equal(code, 1, output)
    assert.include(output, 'Cannot start: Plugin "needs_ext" needs the PostgreSQL extension')
    assert.notMatch(output, STACK_FRAME)
  }).timeout(120_000)

  test('an extension older than the plugin needs is refused with the versions', async ({
    assert,
  }) => {
    const { code, output } = await runEntryPoint(
      ['--import=@poppinss/ts-exec', 'core/bin/server.ts'],
      { PLUGINS: 'old_ext' }
    )
    assert.equal(code, 1, output)
    assert.match(
      output,
      /Cannot start: Plugin "old_ext" needs the PostgreSQL extension "plpgsql" >=99\.0\.0, but this database server has version \d/
    )
    assert.notMatch(output, STACK_FRAME)
  }).timeout(120_000)

  test('an unknown plugin name is refused without a stack trace', async ({ assert }) => {
    const { code, output } = await runEntryPoint(
      ['--import=@poppinss/ts-exec', 'core/bin/server.ts'],
      { PLUGINS: 'no_such_plugin' }
    )
    assert.equal(code, 1, output)
    assert.include(output, 'Cannot start: PLUGINS names "no_such_plugin", which is not installed')
    assert.notMatch(output, STACK_FRAME)
  }).timeout(120_000)
})
