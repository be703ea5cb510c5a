import { once } from 'node:events'
import { mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from '@japa/runner'
import { freePort, ServerProcess, startAce, type AceProcess } from '#tests/helpers/processes'
import { uniqueEmail } from '#tests/helpers/accounts'
import { postgresBin, PrivateServer } from '#tests/helpers/private_postgres'

/** An embedded database on disk in `dataDir`, as `npm start` runs it (core only). */
function embeddedEnv(dataDir: string) {
  return {
    DATABASE_URL: undefined,
    NODE_ENV: 'development',
    DATA_DIR: dataDir,
    EMBEDDED_STORAGE: 'disk',
    PLUGINS: 'none',
  }
}

/** Runs `node ace <args>` to its end; returns the exit code and what it printed. */
async function ace(args: string[], env: Record<string, string | undefined>) {
  const command: AceProcess = startAce(args, env as Record<string, string>)
  const [code] = (await once(command.child, 'close')) as [number | null]
  return { code, output: command.output() }
}

/** JSON request with a bearer token. */
async function call(baseUrl: string, method: string, path: string, token?: string, body?: unknown) {
  return fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
}

/** Every workspace name the user sees, through the paginated list route. */
async function workspaceNames(baseUrl: string, token: string) {
  const names = new Set<string>()
  let cursor: string | null = null
  do {
    const response = await call(
      baseUrl,
      'GET',
      `/v1/workspaces?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      token
    )
    if (response.status !== 200)
      throw new Error(`list: ${response.status} ${await response.text()}`)
    const page = (await response.json()) as { data: { name: string }[]; next_cursor: string | null }
    for (const workspace of page.data) names.add(workspace.name)
    cursor = page.next_cursor
  } while (cursor)
  return names
}

test.group('Database backup and restore (node ace db:backup, db:restore)', (group) => {
  const folders: string[] = []
  const servers: ServerProcess[] = []
  group.each.setup(() => async () => {
    for (const server of servers.splice(0)) await server.stop()
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
  })
  const folder = (prefix: string) => {
    const path = mkdtempSync(join(tmpdir(), prefix))
    folders.push(path)
    return path
  }

  test('a backup taken while the server runs under writes restores into a fresh folder; restore refuses a running server and a damaged archive', async ({
    assert,
  }) => {
    const dataDir = folder('aip-backup-src-')
    const work = folder('aip-backup-files-')
    const archive = join(work, 'backup.zip')
    const server = new ServerProcess(await freePort(), embeddedEnv(dataDir))
    servers.push(server)
    await server.waitReady()

    const email = uniqueEmail('backup')
    const password = 'correct-horse-battery'
    const registered = await call(server.baseUrl, 'POST', '/v1/auth/register', undefined, {
      email,
      password,
    })
    assert.equal(registered.status, 201)
    const token = ((await registered.json()) as { token: { value: string } }).token.value
    for (let n = 0; n < 5; n++) {
      const created = await call(server.baseUrl, 'POST', '/v1/workspaces', token, {
        name: `before-${n}`,
      })
      assert.equal(created.status, 201)
    }

    // A write load runs while the backup is taken: each name is either acknowledged
    // (201) or still in flight when the load stops.
    const acknowledged: string[] = []
    const attempted: string[] = []
    let loading = true
    let failures = 0
    const load = (async () => {
      for (let n = 0; loading; n++) {
        const name = `load-${n}`
        attempted.push(name)
        const response = await call(server.baseUrl, 'POST', '/v1/workspaces', token, { name })
        if (response.status === 201) acknowledged.push(name)
        else failures++
      }
    })()
    while (acknowledged.length < 3) await new Promise((resolve) => setTimeout(resolve, 50))
    const acknowledgedBeforeBackup = [...acknowledged]
    const backup = await ace(['db:backup', '--output', archive], embeddedEnv(dataDir))
    const attemptedBeforeBackupEnded = attempted.length
    assert.equal(backup.code, 0, backup.output)
    assert.include(backup.output, `taken by the server process ${server.child.pid}`)

    // While the server owns the folder, a restore changes nothing.
    const refused = await ace(['db:restore', archive], embeddedEnv(dataDir))
    loading = false
    await load
    assert.equal(failures, 0)
    assert.isAbove(acknowledged.length, acknowledgedBeforeBackup.length)
    assert.equal(refused.code, 1, refused.output)
    assert.include(refused.output, `is in use by process ${server.child.pid}`)
    assert.include(refused.output, 'Nothing was changed.')
    assert.deepEqual(readdirSync(work), ['backup.zip'])
    await server.stop()

    // A damaged archive (one byte changed in the data) is refused before anything changes.
    const restoredDir = folder('aip-backup-dst-')
    const first = await ace(['db:restore', archive], embeddedEnv(restoredDir))
    assert.equal(first.code, 0, first.output)
    const damaged = join(work, 'damaged.zip')
    const bytes = readFileSync(archive)
    bytes[Math.floor(bytes.length / 2)] ^= 0xff
    writeFileSync(damaged, bytes)
    const refusedDamaged = await ace(['db:restore', damaged], embeddedEnv(restoredDir))
    assert.equal(refusedDamaged.code, 1, refusedDamaged.output)
    assert.match(refusedDamaged.output, /Damaged backup archive|Not a backup archive/)
    assert.sameMembers(
      readdirSync(restoredDir).filter((name) => name.startsWith('pglite')),
      ['pglite']
    )

    // The restored folder (left as the first restore made it) serves the data back.
    const restored = new ServerProcess(await freePort(), embeddedEnv(restoredDir))
    servers.push(restored)
    await restored.waitReady()
    const login = await call(restored.baseUrl, 'POST', '/v1/auth/login', undefined, {
      email,
      password,
    })
    assert.equal(login.status, 200)
    const session = ((await login.json()) as { token: { value: string } }).token.value
    const names = await workspaceNames(restored.baseUrl, session)
    for (let n = 0; n < 5; n++) assert.isTrue(names.has(`before-${n}`), `before-${n}`)
    // Everything acknowledged before the backup started is there; nothing that
    // was not yet sent when it ended is.
    for (const name of acknowledgedBeforeBackup) assert.isTrue(names.has(name), name)
    const loaded = [...names].filter((name) => name.startsWith('load-'))
    const sentByThen = new Set(attempted.slice(0, attemptedBeforeBackupEnded))
    for (const name of loaded) assert.isTrue(sentByThen.has(name), `${name} after the backup`)
    // The load's rows are a prefix of the load: the archive is one instant.
    assert.sameMembers(
      loaded,
      attempted.slice(0, loaded.length),
      'restored load rows are the first ones written'
    )
  }).timeout(900_000)

  test('with DATABASE_URL, db:backup runs pg_dump (or says how), db:restore runs nothing and prints pg_restore', async ({
    assert,
    cleanup,
  }) => {
    const bin = postgresBin()
    assert.isNotNull(bin, 'the PostgreSQL server binaries (Debian postgresql package)')
    const server = new PrivateServer(bin!, await freePort())
    cleanup(() => server.destroy())
    server.start()
    const work = folder('aip-backup-pgdump-')
    const dump = join(work, 'external.dump')
    const env = {
      DATABASE_URL: server.url,
      NODE_ENV: 'development',
      PLUGINS: 'none',
      DATA_DIR: folder('aip-backup-pgdump-data-'),
    }

    const backup = await ace(['db:backup', '-o', dump], {
      ...env,
      PATH: `${bin}:${process.env.PATH}`,
    })
    assert.equal(backup.code, 0, backup.output)
    assert.include(backup.output, `wrote ${dump} (pg_dump --format=custom)`)
    assert.equal(readFileSync(dump).subarray(0, 5).toString(), 'PGDMP')

    const noTool = await ace(['db:backup', '-o', join(work, 'none.dump')], { ...env, PATH: work })
    assert.equal(noTool.code, 1, noTool.output)
    assert.include(noTool.output, 'pg_dump is not on the PATH')
    assert.deepEqual(readdirSync(work), ['external.dump'])

    const restore = await ace(['db:restore', dump], env)
    assert.equal(restore.code, 1, restore.output)
    assert.include(restore.output, `pg_restore --no-owner --dbname="$DATABASE_URL" ${dump}`)
  }).timeout(300_000)
})
