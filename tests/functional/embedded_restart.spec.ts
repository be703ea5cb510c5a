import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from '@japa/runner'
import { freePort, startNode, stop, type AceProcess } from '#tests/helpers/processes'
import { uniqueEmail } from '#tests/helpers/accounts'

const READY = /started HTTP server on 127\.0\.0\.1:(\d+)/

/** `npm start`'s server on an embedded database kept on disk in `dataDir`, on a free port. */
async function startServer(dataDir: string, env: Record<string, string> = {}) {
  return startNode(['--import=@poppinss/ts-exec', 'core/bin/server.ts'], {
    DATABASE_URL: undefined,
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(await freePort()),
    DATA_DIR: dataDir,
    EMBEDDED_STORAGE: 'disk',
    DEMO_SEED: 'false',
    WORKER: 'off',
    PLUGINS: 'none',
    LOG_LEVEL: 'info',
    ...env,
  })
}

/** Waits until the server listens and returns its base URL. */
async function ready(server: AceProcess) {
  await server.waitForOutput(READY, 120_000)
  return `http://127.0.0.1:${READY.exec(server.output())![1]}`
}

/** SIGKILL, as a crash or an OOM killer would, and wait until the process is gone. */
async function killHard(server: AceProcess) {
  const exited = once(server.child, 'exit')
  server.child.kill('SIGKILL')
  await exited
}

const login = (baseUrl: string, email: string, password: string) =>
  fetch(`${baseUrl}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  })

test.group('Embedded database across process restarts', (group) => {
  let dataDir: string
  const servers: AceProcess[] = []
  group.each.setup(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'aip-restart-'))
    return async () => {
      for (const server of servers.splice(0)) await stop(server.child)
      rmSync(dataDir, { recursive: true, force: true })
    }
  })

  test('a second process on the same data folder is refused; a restart right after kill -9 works', async ({
    assert,
  }) => {
    const first = await startServer(dataDir)
    servers.push(first)
    await ready(first)

    const second = await startServer(dataDir)
    servers.push(second)
    const [code] = (await once(second.child, 'close')) as [number | null]
    assert.equal(code, 1, second.output())
    assert.include(
      second.output(),
      `Cannot start: The embedded database in ${dataDir} is in use by process ${first.child.pid}. ` +
        'Stop that process, point DATA_DIR elsewhere, or set DATABASE_URL.'
    )

    // The lock file still names the killed process; the restart must not care.
    await killHard(first)
    const third = await startServer(dataDir)
    servers.push(third)
    const response = await fetch(`${await ready(third)}/health/ready`)
    assert.equal(response.status, 200)
  }).timeout(300_000)

  test('a login lockout survives a restart of the embedded process', async ({ assert }) => {
    const env = { LOGIN_MAX_FAILURES_PER_IP: '3' }
    const first = await startServer(dataDir, env)
    servers.push(first)
    const baseUrl = await ready(first)
    const email = uniqueEmail('restart')
    const password = 'correct-horse-battery'
    const registered = await fetch(`${baseUrl}/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    })
    assert.equal(registered.status, 201)
    const statuses: number[] = []
    for (let attempt = 0; attempt < 4; attempt++) {
      statuses.push((await login(baseUrl, uniqueEmail('spray'), 'Winter2026!')).status)
    }
    assert.deepEqual(statuses, [401, 401, 401, 429])

    await killHard(first)
    const second = await startServer(dataDir, env)
    servers.push(second)
    const afterRestart = await login(await ready(second), email, password)
    assert.equal(afterRestart.status, 429)
    assert.equal(afterRestart.headers.get('content-type'), 'application/problem+json')
    assert.isAbove(Number(afterRestart.headers.get('retry-after')), 0)
  }).timeout(300_000)
})
