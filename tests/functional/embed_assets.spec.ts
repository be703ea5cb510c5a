import { gzipSync } from 'node:zlib'
import { test } from '@japa/runner'

/** Budget of the lead form bundle, Lit included (gzip). */
const BUDGET_BYTES = 20 * 1024

test.group('Embed assets (/embed/v1)', () => {
  test('aip.js is one ES module for every origin, within the 20 KB gzip budget', async ({
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
    const gzipped = gzipSync(code, { level: 9 }).length
    assert.isBelow(gzipped, BUDGET_BYTES, `bundle is ${gzipped} bytes gzipped`)

    const single = await client.get('/embed/v1/aip-lead-form.js')
    single.assertStatus(200)
    assert.include(single.text(), 'aip-lead-form')
    assert.isBelow(gzipSync(single.text(), { level: 9 }).length, BUDGET_BYTES)

    const cached = await client
      .get('/embed/v1/aip.js')
      .header('if-none-match', String(response.header('etag')))
    cached.assertStatus(304)
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
