import { once } from 'node:events'
import { mkdtemp, rm } from 'node:fs/promises'
import { connect, createServer, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from '@japa/runner'
import server from '@adonisjs/core/services/server'
import httpLimits from '#config/http_limits'
import { startNode, stop, type AceProcess } from '#tests/helpers/processes'
import { waitFor } from '#tests/helpers/wait_for'

/** Short limits for the spawned server, so each case takes a few seconds. */
const LIMITS = {
  HTTP_IDLE_SOCKET_TIMEOUT: 1_000,
  HTTP_HEADERS_TIMEOUT: 2_000,
  HTTP_REQUEST_TIMEOUT: 4_000,
  HTTP_KEEP_ALIVE_TIMEOUT: 1_000,
}

/** A TCP port nobody listens on right now. */
async function freePort(): Promise<number> {
  const probe = createServer()
  probe.listen(0, '127.0.0.1')
  await once(probe, 'listening')
  const address = probe.address()
  probe.close()
  await once(probe, 'close')
  if (!address || typeof address === 'string') throw new Error('no port')
  return address.port
}

/** A raw connection that records what it receives and when the server closed it. */
interface Probe {
  socket: Socket
  received(): string
  /** Milliseconds from connect to close; rejects if still open after `withinMs`. */
  closed(withinMs: number): Promise<number>
}

/** Opens a raw TCP connection to the spawned server and reads everything it answers. */
async function open(port: number): Promise<Probe> {
  const socket = connect(port, '127.0.0.1')
  await once(socket, 'connect')
  const started = Date.now()
  let data = ''
  let closedAt: number | undefined
  socket.on('data', (chunk) => (data += chunk))
  socket.on('error', () => {})
  socket.on('close', () => (closedAt = Date.now()))
  return {
    socket,
    received: () => data,
    closed: async (withinMs) => {
      const deadline = Date.now() + withinMs
      while (closedAt === undefined) {
        if (Date.now() > deadline) {
          socket.destroy()
          throw new Error(`connection still open after ${withinMs} ms`)
        }
        await new Promise((resolve) => setTimeout(resolve, 25))
      }
      return closedAt - started
    },
  }
}

/** The JSON log lines a process printed, optionally only those with message `msg`. */
function logLines(run: AceProcess, msg?: string): Array<Record<string, any>> {
  return run
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, any>)
    .filter((line) => msg === undefined || line.msg === msg)
}

test.group('HTTP sockets (issue 20, finding 4) and client aborts (finding 8)', (group) => {
  let run: AceProcess
  let port: number
  let dataDir: string

  group.setup(async () => {
    port = await freePort()
    dataDir = await mkdtemp(join(tmpdir(), 'aip-sockets-'))
    run = startNode(['--import=@poppinss/ts-exec', 'core/bin/server.ts'], {
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      EMBEDDED_STORAGE: 'memory',
      DEMO_SEED: 'false',
      WORKER: 'off',
      LOG_LEVEL: 'info',
      ...Object.fromEntries(Object.entries(LIMITS).map(([name, value]) => [name, String(value)])),
    })
    await run.waitForOutput(/started HTTP server/, 180_000)
    return async () => {
      await stop(run.child)
      await rm(dataDir, { recursive: true, force: true })
    }
  })

  test('connections that never send a byte are closed after HTTP_IDLE_SOCKET_TIMEOUT, logged at info', async ({
    assert,
  }) => {
    const before = logLines(run, 'closed idle connection: no request received').length
    const probes = await Promise.all(Array.from({ length: 20 }, () => open(port)))
    const lifetimes = await Promise.all(probes.map((probe) => probe.closed(15_000)))
    for (const lifetime of lifetimes) {
      assert.isAtLeast(lifetime, LIMITS.HTTP_IDLE_SOCKET_TIMEOUT - 50)
      assert.isBelow(lifetime, LIMITS.HTTP_HEADERS_TIMEOUT + 5_000)
    }
    // The log reaches the pipe a little after the sockets close.
    const idleCloses = () =>
      logLines(run, 'closed idle connection: no request received').slice(before)
    await waitFor(async () => idleCloses().length >= 20, 10_000)
    const closes = idleCloses()
    assert.lengthOf(closes, 20)
    assert.isTrue(closes.every((line) => line.level === 30))
  })

  test('a client stalling in its headers gets 408 and is closed after HTTP_HEADERS_TIMEOUT', async ({
    assert,
  }) => {
    const probe = await open(port)
    probe.socket.write('GET /health/live HTTP/1.1\r\nHost: localhost\r\n')
    const lifetime = await probe.closed(15_000)
    assert.isAtLeast(lifetime, LIMITS.HTTP_HEADERS_TIMEOUT - 50)
    assert.isBelow(lifetime, LIMITS.HTTP_HEADERS_TIMEOUT + 5_000)
    assert.match(probe.received(), /^HTTP\/1\.1 408 Request Timeout\r\n/)
    const stalledLines = () =>
      logLines(run, 'closed stalled connection: request not received in time')
    await waitFor(async () => stalledLines().length > 0, 10_000)
    const stalled = stalledLines()
    assert.isAbove(stalled.length, 0)
    assert.isTrue(stalled.every((line) => line.level === 30))
  })

  test('a client stalling in its body is closed after HTTP_REQUEST_TIMEOUT', async ({ assert }) => {
    const probe = await open(port)
    probe.socket.write(
      'POST /v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
        'Content-Length: 100\r\n\r\n{"email":'
    )
    const before = run.output().length
    const lifetime = await probe.closed(20_000)
    assert.isAtLeast(lifetime, LIMITS.HTTP_REQUEST_TIMEOUT - 50)
    assert.isBelow(lifetime, LIMITS.HTTP_REQUEST_TIMEOUT + 5_000)
    assert.match(probe.received(), /^HTTP\/1\.1 408 Request Timeout\r\n/)
    // The server's own timeout is a 408 in the request log, not a client abort.
    const requestLine = () =>
      logLines(run, 'request').find(
        (line) => line.path === '/v1/auth/login' && line.time >= Date.now() - 10_000
      )
    await waitFor(async () => requestLine(), 10_000)
    assert.equal(requestLine()?.status, 408)
    assert.notInclude(run.output().slice(before), 'client closed request')
  })

  test('an idle keep-alive connection is closed after HTTP_KEEP_ALIVE_TIMEOUT', async ({
    assert,
  }) => {
    const probe = await open(port)
    probe.socket.write('GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n')
    const lifetime = await probe.closed(15_000)
    assert.match(probe.received(), /^HTTP\/1\.1 200 /)
    assert.isAtLeast(lifetime, LIMITS.HTTP_KEEP_ALIVE_TIMEOUT - 50)
    assert.isBelow(lifetime, LIMITS.HTTP_KEEP_ALIVE_TIMEOUT + 5_000)
  })

  test('a slow client within the limits is served', async ({ assert }) => {
    const probe = await open(port)
    probe.socket.write('GET /health/live HTTP/1.1\r\n')
    await new Promise((resolve) => setTimeout(resolve, LIMITS.HTTP_IDLE_SOCKET_TIMEOUT + 300))
    probe.socket.write('Host: localhost\r\nConnection: close\r\n\r\n')
    await probe.closed(10_000)
    assert.match(probe.received(), /^HTTP\/1\.1 200 /)
  })

  test('a client aborting a multipart upload is an info-level 499, with no error and no stack', async ({
    assert,
  }) => {
    const before = run.output().length
    const probe = await open(port)
    const boundary = 'abortboundary'
    probe.socket.write(
      `POST /v1/auth/login HTTP/1.1\r\nHost: localhost\r\n` +
        `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: 5000000\r\n\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="leads.csv"\r\n` +
        `Content-Type: text/csv\r\n\r\n${'name,email\n'.repeat(20_000)}`
    )
    await new Promise((resolve) => setTimeout(resolve, 300))
    probe.socket.destroy()
    const health = await fetch(`http://127.0.0.1:${port}/health/live`)
    assert.equal(health.status, 200)
    await run.waitForOutput(/"msg":"client closed request"/, 10_000)
    await new Promise((resolve) => setTimeout(resolve, 200))
    const lines = run
      .output()
      .slice(before)
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, any>)
    const aborted = lines.filter((line) => line.msg === 'client closed request')
    assert.lengthOf(aborted, 1)
    assert.equal(aborted[0].level, 30)
    assert.equal(aborted[0].status, 499)
    assert.notProperty(aborted[0], 'err')
    const request = lines.find((line) => line.msg === 'request' && line.path === '/v1/auth/login')
    assert.equal(request?.status, 499)
    assert.equal(request?.level, 30)
    assert.isFalse(
      lines.some((line) => line.level >= 50),
      'no error-level line is written for an abort'
    )
    assert.notMatch(run.output().slice(before), /\n\s+at /)
  })
})

test.group('HTTP sockets / the test server', () => {
  test('is created by the same factory as `npm start`, with the configured limits', ({
    assert,
  }) => {
    const node = server.getNodeServer()!
    assert.equal(node.headersTimeout, httpLimits.headersTimeoutMs)
    assert.equal(node.requestTimeout, httpLimits.requestTimeoutMs)
    assert.equal(node.keepAliveTimeout, httpLimits.keepAliveTimeoutMs)
    assert.isAbove(node.listenerCount('clientError'), 0)
    // Node's own defaults (60 s headers, no first-byte limit) are tightened.
    assert.isBelow(node.headersTimeout, 60_000)
  })
})
