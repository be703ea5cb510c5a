import { gzipSync } from 'node:zlib'
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises'
import { request as httpRequest } from 'node:http'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import { startNode, stop } from '#tests/helpers/processes'
import { EMBED_BUILT_FILES } from '#core/http/embed_assets'

/** Budget of the lead form's own bundle, Lit included (gzip); the build checks every budget. */
const BUDGET_BYTES = 20 * 1024

/** The in-process test server. */
const PLATFORM = `http://${process.env.HOST}:${process.env.PORT}`

/**
 * A GET with the path sent exactly as given (fetch and the test client would
 * resolve `..` and re-encode it first): status and content type.
 */
function rawGet(base: string, path: string): Promise<{ status: number; type: string }> {
  const { hostname, port } = new URL(base)
  return new Promise((resolve, reject) => {
    const sent = httpRequest({ host: hostname, port, path, method: 'GET' }, (response) => {
      response.resume()
      response.on('end', () =>
        resolve({
          status: response.statusCode!,
          type: String(response.headers['content-type'] ?? ''),
        })
      )
    })
    sent.on('error', reject)
    sent.end()
  })
}

/** Element bundle paths that are no element's: traversal, encoded slashes, odd names. */
const MALFORMED_BUNDLES = [
  '/embed/v1/elements/../aip.js',
  '/embed/v1/elements/../../package.json',
  '/embed/v1/elements/..%2F..%2Fpackage.json',
  '/embed/v1/elements%2Faip-lead-form.js',
  '/embed/v1/elements/%2e%2e/aip.js',
  '/embed/v1/elements/aip-lead-form.js%00',
  '/embed/v1/elements/aip-lead-form.js/',
  '/embed/v1/elements/AIP-LEAD-FORM.js',
  '/embed/v1/elements/aip-lead-form.mjs',
  `/embed/v1/elements/aip-${'x'.repeat(300)}.js`,
]

test.group('Embed assets (/embed/v1)', () => {
  test('aip.js is one ES module for every origin; the lead form module is within its 20 KB gzip budget', async ({
    client,
    assert,
  }) => {
    const response = await client
      .get('/embed/v1/aip.js')
      .header('origin', 'https://any.example.test')
    response.assertStatus(200)
    assert.match(String(response.header('content-type')), /^text\/javascript/)
    assert.equal(String(response.header('access-control-allow-origin')), '*')
    assert.equal(String(response.header('x-content-type-options')), 'nosniff')
    const code = response.text()
    assert.include(code, 'aip-lead-form')
    assert.include(code, 'customElements')
    assert.notMatch(
      code,
      /\bimport\s*\(|^import\s|\bfrom\s*["']/m,
      'self-contained: no imports left'
    )
    assert.notInclude(code, 'eval(', 'no eval: works without unsafe-eval')
    assert.notInclude(code, 'Lit is in dev mode', "Lit's production build")

    const single = await client.get('/embed/v1/elements/aip-lead-form.js')
    single.assertStatus(200)
    assert.include(single.text(), 'aip-lead-form')
    assert.isBelow(gzipSync(single.text(), { level: 9 }).length, BUDGET_BYTES)
    assert.notMatch(single.text(), /^import\s|\bfrom\s*["']/m, 'self-contained')
    const unknown = await client.get('/embed/v1/elements/aip-no-such-element.js')
    unknown.assertStatus(404)

    const cached = await client
      .get('/embed/v1/aip.js')
      .header('if-none-match', String(response.header('etag')))
    cached.assertStatus(304)
  })

  test('element bundles: a known one is JavaScript, an unknown one a 404 problem, a malformed path never a 5xx', async ({
    assert,
  }) => {
    const known = await rawGet(PLATFORM, '/embed/v1/elements/aip-support-form.js')
    assert.equal(known.status, 200)
    assert.match(known.type, /^text\/javascript/)
    for (const name of ['aip-no-such-element', 'aip-lead-form-x', `aip-${'y'.repeat(90)}`]) {
      const unknown = await rawGet(PLATFORM, `/embed/v1/elements/${name}.js`)
      assert.equal(unknown.status, 404, name)
      assert.match(unknown.type, /^application\/problem\+json/, name)
    }
    for (const path of MALFORMED_BUNDLES) {
      const answer = await rawGet(PLATFORM, path)
      assert.oneOf(answer.status, [400, 404], path)
      assert.match(answer.type, /^application\/problem\+json/, path)
    }
  })

  test('the demo page needs no inline script or style and escapes its parameters', async ({
    client,
    assert,
  }) => {
    const key = `pk_${'b'.repeat(32)}`
    const page = await client.get(`/embed/v1/demo.html?key=${key}&locale=fr`)
    page.assertStatus(200)
    assert.match(String(page.header('content-type')), /^text\/html/)
    const csp = String(page.header('content-security-policy'))
    assert.include(csp, "script-src 'self'")
    assert.notInclude(csp, 'unsafe-inline')
    assert.notInclude(csp, 'unsafe-eval')
    const html = page.text()
    assert.include(html, `<aip-lead-form key="${key}" locale="fr">`)
    assert.notMatch(html, /<script(?![^>]*\bsrc=)/, 'no inline script')
    assert.notMatch(html, /<style|\sstyle=/, 'no inline style')

    const hostile = await client.get('/embed/v1/demo.html?key="><script>alert(1)</script>')
    hostile.assertStatus(200)
    assert.notInclude(hostile.text(), '<script>alert(1)')
    assert.include(hostile.text(), '<aip-lead-form key="" locale="en">')

    const css = await client.get('/embed/v1/demo.css')
    css.assertStatus(200)
    assert.match(String(css.header('content-type')), /^text\/css/)
    assert.include(css.text(), '::part(submit)')

    const missing = await client.get('/embed/v1/nothing.js')
    missing.assertStatus(404)
    assert.match(String(missing.header('content-type')), /problem\+json/)
  })
})

/** A TCP port free on loopback right now (for a server started as a child process). */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

test.group('Embed assets without a build', () => {
  test('the server starts, warns with the build command, and answers 503 until the files exist', async ({
    assert,
    cleanup,
  }) => {
    const dir = await mkdtemp(join(tmpdir(), 'aip-embed-assets-'))
    cleanup(() => rm(dir, { recursive: true, force: true }))
    const port = await freePort()
    const server = startNode(['--import=@poppinss/ts-exec', 'core/bin/server.ts'], {
      DATABASE_URL: undefined,
      HOST: '127.0.0.1',
      PORT: String(port),
      EMBEDDED_STORAGE: 'memory',
      DEMO_SEED: 'false',
      WORKER: 'off',
      LOG_LEVEL: 'info',
      EMBED_ASSETS_DIR: dir,
    })
    cleanup(async () => {
      await stop(server.child)
    })
    await server.waitForOutput(/started HTTP server/i, 90_000)
    // Logged while starting, before the server listens.
    const started = server.output().search(/started HTTP server/i)
    assert.isAbove(server.output().indexOf('Embed assets not built'), -1)
    assert.isBelow(server.output().indexOf('Embed assets not built'), started)
    assert.include(server.output(), 'npm run build:embed')
    assert.include(server.output(), dir)

    const base = `http://127.0.0.1:${port}`
    for (const path of [
      '/embed/v1/aip.js',
      '/embed/v1/elements/aip-lead-form.js',
      '/embed/v1/demo.html',
    ]) {
      const response = await fetch(base + path)
      assert.equal(response.status, 503, path)
      assert.match(String(response.headers.get('content-type')), /^application\/problem\+json/)
      const problem = (await response.json()) as Record<string, unknown>
      assert.equal(problem.type, '/problems/embed-assets-not-built')
      assert.equal(problem.status, 503)
      assert.include(String(problem.detail), 'npm run build:embed')
      assert.notInclude(JSON.stringify(problem), dir, 'no server path in the answer')
      assert.notMatch(JSON.stringify(problem), /\bat .*\.(ts|js):\d+/, 'no stack trace')
    }
    // The API itself is up.
    assert.equal((await fetch(`${base}/health/live`)).status, 200)

    // Built while the server runs: served at once, no restart.
    await copyFile(app.makePath('web-components/dist/aip.js'), join(dir, 'aip.js'))
    const built = await fetch(`${base}/embed/v1/aip.js`)
    assert.equal(built.status, 200)
    assert.include(await built.text(), 'aip-lead-form')
  }).timeout(120_000)

  test('bundles are read once: a served bundle needs no disk lookup, an unknown element is a 404 problem', async ({
    assert,
    cleanup,
  }) => {
    const dir = await mkdtemp(join(tmpdir(), 'aip-embed-bundles-'))
    cleanup(() => rm(dir, { recursive: true, force: true }))
    const built = (name: string) =>
      copyFile(app.makePath('web-components/dist', name), join(dir, name))
    await mkdir(join(dir, 'elements'))
    for (const name of EMBED_BUILT_FILES) await built(name)
    await built('elements/aip-lead-form.js')
    const port = await freePort()
    const server = startNode(['--import=@poppinss/ts-exec', 'core/bin/server.ts'], {
      DATABASE_URL: undefined,
      HOST: '127.0.0.1',
      PORT: String(port),
      EMBEDDED_STORAGE: 'memory',
      DEMO_SEED: 'false',
      WORKER: 'off',
      LOG_LEVEL: 'info',
      EMBED_ASSETS_DIR: dir,
    })
    cleanup(async () => {
      await stop(server.child)
    })
    await server.waitForOutput(/started HTTP server/i, 90_000)
    const base = `http://127.0.0.1:${port}`
    const lead = '/embed/v1/elements/aip-lead-form.js'

    const first = await fetch(base + lead)
    assert.equal(first.status, 200)
    assert.match(String(first.headers.get('content-type')), /^text\/javascript/)
    const code = await first.text()
    // Served from memory from now on: the answer does not depend on the disk.
    await rm(join(dir, 'elements/aip-lead-form.js'))
    const again = await fetch(base + lead)
    assert.equal(again.status, 200)
    assert.equal(await again.text(), code)

    const unknown = await fetch(`${base}/embed/v1/elements/aip-support-form.js`)
    assert.equal(unknown.status, 404)
    assert.match(String(unknown.headers.get('content-type')), /^application\/problem\+json/)
    assert.equal(((await unknown.json()) as { type: string }).type, '/problems/not-found')
    // An element built while the server runs is served without a restart.
    await built('elements/aip-support-form.js')
    const added = await fetch(`${base}/embed/v1/elements/aip-support-form.js`)
    assert.equal(added.status, 200)
    assert.include(await added.text(), 'aip-support-form')

    for (const path of MALFORMED_BUNDLES) {
      const answer = await rawGet(base, path)
      assert.oneOf(answer.status, [400, 404], path)
    }
    assert.notMatch(server.output(), /"level":\s*50|ENAMETOOLONG|EISDIR/, 'no server error logged')
  }).timeout(120_000)
})
