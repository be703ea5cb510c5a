import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { randomUUID } from 'node:crypto'
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import ace from '@adonisjs/core/services/ace'
import db from '@adonisjs/lucid/services/db'
import MakePlugin, { pluginNameProblem, pluginStubValues } from '#core/commands/make_plugin'
import { discoverPlugins } from '#core/plugins/plugin_discovery'
import { resolvePlugins } from '#core/plugins/plugin_resolver'
import { activePlugins, CORE_VERSION } from '#core/plugins/plugin_registry'
import platform from '#config/platform'
import { collectTasks } from '#core/jobs/job_runtime'
import { rawQuery } from '#core/database/raw_query'
import { enterContext } from '#core/tenancy/tenant_transaction'
import { runInContext } from '#core/tenancy/tenant_context'
import { createUserWithWorkspace } from '#modules/identity/services/index'
import { stop } from '#tests/helpers/processes'

/** Name of the plugin the tests generate. */
const NAME = 'scaffold_check'
const TABLE = `${NAME}_items`

/** Files make:plugin must write, relative to the plugin folder (migration aside). */
const EXPECTED_FILES = [
  'README.md',
  `controllers/${NAME}_items_controller.ts`,
  'database/demo_seed.ts',
  'jobs/process_item.ts',
  `openapi/${NAME}_item_schemas.ts`,
  'plugin.ts',
  'privacy_manifest.ts',
  'routes.ts',
  'services/index.ts',
  `services/${NAME}_item_resource.ts`,
  `services/${NAME}_item_service.ts`,
  `tests/${NAME}_items.spec.ts`,
  `validators/${NAME}_item_validator.ts`,
  'webhook_event_types.ts',
]

/** Result of a child process run to completion. */
interface Run {
  code: number | null
  output: string
}

/**
 * Runs `node ace <args>` in a child process with the repository's Node (the one
 * running the tests: node_modules/.bin/node, Node 24), as a developer would.
 */
async function runAce(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const child = spawn(process.execPath, ['ace', ...args], {
    cwd: app.makePath(),
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env },
  })
  let output = ''
  child.stdout.on('data', (chunk) => (output += chunk))
  child.stderr.on('data', (chunk) => (output += chunk))
  const [code] = (await once(child, 'close')) as [number | null]
  return { code, output }
}

/** A TCP port nobody listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const address = server.address()
  server.close()
  await once(server, 'close')
  if (!address || typeof address === 'string') throw new Error('no port')
  return address.port
}

test.group('make:plugin', (group) => {
  /** Temporary folder inside the project (so `#core/...` imports resolve), removed at the end. */
  let workDir: string
  let pluginsDir: string
  let pluginRoot: string
  let generation: Run

  group.setup(async () => {
    await mkdir(app.makePath('tmp'), { recursive: true })
    workDir = await mkdtemp(app.makePath('tmp', 'make-plugin-'))
    pluginsDir = join(workDir, 'plugins')
    pluginRoot = join(pluginsDir, NAME)
    generation = await runAce(['make:plugin', NAME, '--dir', pluginsDir])
    return () => rm(workDir, { recursive: true, force: true })
  })

  test('`node ace make:plugin` writes the complete scaffold', async ({ assert }) => {
    assert.equal(generation.code, 0, generation.output)
    assert.include(generation.output, `Plugin "${NAME}" created`)

    const files = (await readdir(pluginRoot, { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name).slice(pluginRoot.length + 1))
      .sort()
    const migrations = files.filter((file) => file.startsWith('database/migrations/'))
    assert.lengthOf(migrations, 1)
    assert.match(
      migrations[0],
      new RegExp(`^database/migrations/\\d{13}_create_${NAME}_items_table\\.ts$`)
    )
    assert.deepEqual(
      files.filter((file) => !migrations.includes(file)),
      EXPECTED_FILES
    )

    const routes = await readFile(join(pluginRoot, 'routes.ts'), 'utf8')
    assert.include(routes, `router.get('/${NAME}/items'`)
    assert.include(routes, `operationId: '${NAME}.items.list'`)
    assert.include(routes, `operationId: '${NAME}.items.create'`)
    assert.include(routes, `operationId: '${NAME}.items.show'`)
    const texts = await Promise.all(files.map((file) => readFile(join(pluginRoot, file), 'utf8')))
    assert.notMatch(texts.join('\n'), /\{\{/, 'a stub placeholder was left unrendered')
    // The one shape's import rule: only #sdk (tests also #tests/*), relative paths and packages.
    files.forEach((file, index) => {
      if (!file.endsWith('.ts')) return
      for (const [, spec] of texts[index].matchAll(/from '([^']+)'/g)) {
        const allowed =
          spec === '#sdk' ||
          (file.startsWith('tests/') && spec.startsWith('#tests/')) ||
          !spec.startsWith('#')
        assert.isTrue(allowed, `${file} imports ${spec}`)
      }
    })
    const service = await readFile(join(pluginRoot, `services/${NAME}_item_service.ts`), 'utf8')
    assert.notInclude(service, 'TenantModel')
    const resource = await readFile(join(pluginRoot, `services/${NAME}_item_resource.ts`), 'utf8')
    assert.include(resource, 'export const itemResource = defineResource({')
    assert.include(resource, `table: '${TABLE}'`)
  })

  test('the loader accepts the generated plugin with its jobs', async ({ assert }) => {
    const installed = await discoverPlugins([pluginsDir])
    const [plugin] = resolvePlugins(installed, 'all', CORE_VERSION)
    assert.lengthOf(installed, 1)
    assert.equal(plugin.name, NAME)
    assert.equal(plugin.version, '0.1.0')
    assert.deepEqual(plugin.dependsOn, { core: '^0.1.0' })
    assert.equal(plugin.migrationsPath, join(pluginRoot, 'database', 'migrations'))
    assert.deepEqual(plugin.tenantTables, [TABLE])
    assert.deepEqual(plugin.scopes, [`${NAME}:read`, `${NAME}:write`])
    assert.deepEqual(plugin.openapi?.tag, 'Scaffold check')
    assert.deepEqual(
      plugin.privacy?.tables.map((table) => table.table),
      [TABLE]
    )
    assert.deepEqual(Object.keys(plugin.webhookEvents ?? {}), [`${NAME}_item.created`])
    assert.isFunction(plugin.routes)
    assert.isFunction(plugin.seed)

    const { taskList } = await collectTasks([plugin])
    assert.isFunction(taskList[`${NAME}/process_item`])
  })

  test('its migration creates a tenant table with forced RLS that isolates workspaces', async ({
    assert,
  }) => {
    const folder = join(pluginRoot, 'database', 'migrations')
    const [file] = await readdir(folder)
    const path = join(folder, file)
    const { default: Migration } = await import(pathToFileURL(path).href)

    // Everything happens in one transaction that is rolled back: the shared test
    // database ends up unchanged.
    const trx = await db.transaction()
    try {
      await new Migration(trx, path, false).execUp()

      const security = await rawQuery(
        trx,
        `select relrowsecurity, relforcerowsecurity from pg_class where oid = 'public.${TABLE}'::regclass`
      )
      assert.deepEqual(security.rows, [{ relrowsecurity: true, relforcerowsecurity: true }])
      const policies = await rawQuery(
        trx,
        `select polname from pg_policy where polrelid = 'public.${TABLE}'::regclass order by polname`
      )
      assert.deepEqual(
        policies.rows.map((row) => row.polname),
        ['delete', 'insert', 'select', 'update'].map((action) => `${TABLE}_${action}`)
      )
      const triggers = await rawQuery(
        trx,
        `select tgname from pg_trigger where tgrelid = 'public.${TABLE}'::regclass and not tgisinternal order by tgname`
      )
      assert.deepEqual(
        triggers.rows.map((row) => row.tgname),
        [`${TABLE}_audit`, `update_${TABLE}_updated_at`]
      )

      const owner = await createUserWithWorkspace(trx, {
        email: `owner-${randomUUID()}@example.com`,
        password: 'correct horse battery staple',
      })
      const stranger = await createUserWithWorkspace(trx, {
        email: `stranger-${randomUUID()}@example.com`,
        password: 'correct horse battery staple',
      })

      // The owner creates an item through the generated service, as app_authenticated,
      // and reads it back through the generated resource's query. Only the
      // resource's writable columns reach an insert.
      const identity = { userId: owner.user.id, workspaceId: owner.workspace.id }
      await enterContext(trx, 'app_authenticated', identity)
      const service = await import(
        pathToFileURL(join(pluginRoot, 'services', `${NAME}_item_service.ts`)).href
      )
      const { itemResource } = await import(
        pathToFileURL(join(pluginRoot, 'services', `${NAME}_item_resource.ts`)).href
      )
      assert.deepEqual(itemResource.values({ name: 'Mine', id: 'not writable' }, 'create'), {
        name: 'Mine',
      })
      const created = await runInContext({ ...identity, role: 'app_authenticated', trx }, () =>
        service.createScaffoldCheckItem('Mine')
      )
      assert.isString(created.id)
      assert.equal(created.created_by, owner.user.id)
      const item = await runInContext({ ...identity, role: 'app_authenticated', trx }, () =>
        itemResource.query().where('id', created.id).first()
      )
      assert.equal(item.name, 'Mine')
      assert.deepEqual(Object.keys(item), [...itemResource.columns])
      assert.lengthOf(await trx.from(TABLE).select('id'), 1)

      // Another workspace sees nothing and cannot write into the owner's.
      await enterContext(trx, 'app_authenticated', {
        userId: stranger.user.id,
        workspaceId: stranger.workspace.id,
      })
      assert.lengthOf(await trx.from(TABLE).select('id'), 0)
      const savepoint = await trx.transaction()
      await assert.rejects(
        () =>
          savepoint
            .insertQuery()
            .table(TABLE)
            .insert({ workspace_id: owner.workspace.id, name: 'Intrusion' }),
        /row-level security/
      )
      await savepoint.rollback()

      // down() removes the table again.
      await rawQuery(trx, "select set_config('role', 'none', true)")
      await new Migration(trx, path, false).execDown()
      const gone = await rawQuery(trx, `select to_regclass('public.${TABLE}') as name`)
      assert.deepEqual(gone.rows, [{ name: null }])
    } finally {
      await trx.rollback()
    }
  })

  test('a server with the plugin serves and documents its routes', async ({ assert, cleanup }) => {
    const port = await freePort()
    // The plugins this run enabled (those the database supports) plus the generated one.
    const enabled = (await activePlugins(platform.plugins)).map((plugin) => plugin.name)
    const server = spawn(process.execPath, ['--import=@poppinss/ts-exec', 'core/bin/server.ts'], {
      cwd: app.makePath(),
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        PORT: String(port),
        DATA_DIR: join(workDir, 'data'),
        EMBEDDED_STORAGE: 'memory',
        DEMO_SEED: 'false',
        WORKER: 'off',
        LOG_LEVEL: 'warn',
        PLUGINS: [...enabled, NAME].join(','),
        PLUGINS_EXTRA_DIR: pluginsDir,
      },
    })
    let log = ''
    server.stdout.on('data', (chunk) => (log += chunk))
    server.stderr.on('data', (chunk) => (log += chunk))
    cleanup(async () => {
      await stop(server)
    })

    const base = `http://127.0.0.1:${port}`
    const deadline = Date.now() + 90_000
    for (;;) {
      if (server.exitCode !== null) assert.fail(`the server exited:\n${log}`)
      if (Date.now() > deadline) assert.fail(`the server did not start:\n${log}`)
      const ready = await fetch(`${base}/health/ready`).catch(() => undefined)
      if (ready?.ok) break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }

    const call = async (method: string, path: string, token?: string, body?: unknown) => {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      const json: any = await response.json().catch(() => null)
      return { status: response.status, body: json }
    }

    const registered = await call('POST', '/v1/auth/register', undefined, {
      email: `maker-${randomUUID()}@example.com`,
      password: 'correct horse battery staple',
    })
    assert.equal(registered.status, 201, JSON.stringify(registered.body))
    const token = registered.body.token.value

    const created = await call('POST', `/v1/${NAME}/items`, token, { name: ' First ' })
    assert.equal(created.status, 201, JSON.stringify(created.body))
    assert.equal(created.body.name, 'First')
    assert.equal(created.body.created_by, registered.body.user.id)

    const invalid = await call('POST', `/v1/${NAME}/items`, token, { name: '' })
    assert.equal(invalid.status, 422)

    const list = await call('GET', `/v1/${NAME}/items`, token)
    assert.equal(list.status, 200)
    assert.deepEqual(list.body, { data: [created.body], next_cursor: null })

    const shown = await call('GET', `/v1/${NAME}/items/${created.body.id}`, token)
    assert.equal(shown.status, 200)
    assert.deepEqual(shown.body, created.body)
    const malformed = await call('GET', `/v1/${NAME}/items/not-a-uuid`, token)
    assert.equal(malformed.status, 404)

    const document = await call('GET', '/v1/openapi.json')
    assert.equal(document.status, 200)
    const path = document.body.paths[`/v1/${NAME}/items`]
    assert.equal(path.get.operationId, `${NAME}.items.list`)
    assert.equal(path.post.operationId, `${NAME}.items.create`)
    assert.deepEqual(path.get.tags, ['Scaffold check'])
    assert.includeDeepMembers(document.body.tags, [
      { name: 'Scaffold check', description: 'Scaffold check items of the current workspace' },
    ])
  }).timeout(120_000)
})

test.group('make:plugin / refusals', (group) => {
  let workDir: string

  group.setup(async () => {
    await mkdir(app.makePath('tmp'), { recursive: true })
    workDir = await mkdtemp(app.makePath('tmp', 'make-plugin-refusals-'))
    ace.ui.switchMode('raw')
    return async () => {
      ace.ui.switchMode('normal')
      await rm(workDir, { recursive: true, force: true })
    }
  })

  /** Runs the command in this process and returns it with what it logged. */
  const make = async (name: string) => {
    const command = await ace.create(MakePlugin, [name, '--dir', workDir])
    await command.exec()
    return command
  }

  for (const [name, message] of [
    ['Upper', 'Invalid plugin name "Upper": use 2 to 40 lower-case letters'],
    ['x', 'Invalid plugin name "x"'],
    ['has-dash', 'Invalid plugin name "has-dash"'],
    ['9lives', 'Invalid plugin name "9lives"'],
    ['a'.repeat(41), `Invalid plugin name "${'a'.repeat(41)}"`],
    ['core', 'Invalid plugin name "core": it is reserved for the platform'],
  ]) {
    test(`refuses the name "${name.slice(0, 12)}"`, async ({ assert }) => {
      const command = await make(name)
      command.assertFailed()
      const logs = command.ui.logger.getLogs()
      assert.isTrue(
        logs.some((entry) => entry.stream === 'stderr' && entry.message.includes(message)),
        JSON.stringify(logs)
      )
      assert.isFalse(existsSync(join(workDir, name)))
    })
  }

  test('refuses a plugin that already exists and leaves it untouched', async ({ assert }) => {
    const existing = join(workDir, 'taken')
    await mkdir(existing)
    const command = await make('taken')
    command.assertFailed()
    command.assertLogMatches(
      /Plugin "taken" already exists at .*taken: choose another name/,
      'stderr'
    )
    assert.deepEqual(await readdir(existing), [])
  })

  test('accepts names at the limits of the rule', ({ assert }) => {
    assert.isUndefined(pluginNameProblem('ab'))
    assert.isUndefined(pluginNameProblem(`a${'b'.repeat(39)}`))
    assert.isUndefined(pluginNameProblem('social_media_2'))
  })

  test('derives class names and titles from snake_case names', ({ assert }) => {
    const values = pluginStubValues('social_media_2', new Date(1764000000123), '3.4.5')
    assert.deepEqual(values, {
      name: 'social_media_2',
      Name: 'SocialMedia2',
      camelName: 'socialMedia2',
      NAME: 'SOCIAL_MEDIA_2',
      title: 'Social media 2',
      timestamp: '1764000000123',
      coreRange: '^3.4.0',
    })
  })
})

test.group('plugins:list', () => {
  test('lists installed plugins in load order with their state', async ({ assert }) => {
    const { code, output } = await runAce(['plugins:list'], {
      PLUGINS_EXTRA_DIR: app.makePath('tests/fixtures/plugins/ordered'),
      PLUGINS: 'delta,beta,gamma',
    })
    assert.equal(code, 0, output)
    const rows = output
      .split('\n')
      .filter((line) => /\b(alpha|beta|gamma|delta)\b/.test(line))
      .map((line) =>
        line
          .split('│')
          .map((cell) => cell.trim())
          .filter(Boolean)
          .slice(0, 5)
      )
    assert.deepEqual(rows, [
      ['1', 'gamma', '0.3.1', 'enabled', '-'],
      ['2', 'beta', '1.4.0', 'enabled', 'gamma >=0.3.0 <1.0.0'],
      ['3', 'delta', '2.0.0-beta.1', 'enabled', 'core >=0.1.0'],
      ['-', 'alpha', '1.0.0', 'disabled', 'core ^0.1.0, beta ^1.2.0'],
    ])
  }).timeout(60_000)
})
