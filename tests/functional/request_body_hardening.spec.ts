import { test } from '@japa/runner'
import { gzipSync } from 'node:zlib'
import { withService } from '#core/tenancy/tenant_transaction'
import { uniqueEmail } from '#tests/helpers/accounts'
import httpLimits from '#config/http_limits'

const BASE = `http://${process.env.HOST}:${process.env.PORT}`

/** POSTs raw bytes (no client-side re-encoding) and returns status, headers and parsed body. */
async function postBytes(path: string, body: Buffer | string, headers: Record<string, string>) {
  const response = await fetch(`${BASE}${path}`, { method: 'POST', body, headers })
  const text = await response.text()
  return {
    status: response.status,
    headers: response.headers,
    body: text ? (JSON.parse(text) as Record<string, any>) : {},
  }
}

/** Users stored under an e-mail, seen by the platform's maintenance role. */
async function usersWithEmail(email: string) {
  return withService(({ trx }) => trx.from('users').where('email', email).count('* as count'))
}

test.group('Request bodies / encoding (issue 20, finding 6)', () => {
  test('invalid UTF-8 in a JSON body is a 400 problem and nothing is stored', async ({
    assert,
  }) => {
    const email = uniqueEmail('badutf8')
    const [local, domain] = email.split('@')
    const body = Buffer.concat([
      Buffer.from(`{"email":"${local}`),
      Buffer.from([0xff, 0xfe]),
      Buffer.from(`@${domain}","password":"correct-horse-battery"}`),
    ])
    const response = await postBytes('/v1/auth/register', body, {
      'content-type': 'application/json',
    })
    assert.equal(response.status, 400)
    assert.equal(response.headers.get('content-type'), 'application/problem+json')
    assert.equal(response.body.type, '/problems/bad-request')
    assert.equal(response.body.detail, 'The request body is not valid UTF-8 text')
    const replaced = `${local}\ufffd\ufffd@${domain}`
    const [{ count }] = await usersWithEmail(replaced)
    assert.equal(Number(count), 0)
  })

  test('a multi-byte sequence cut at the end of the body is invalid UTF-8 too', async ({
    assert,
  }) => {
    const body = Buffer.concat([Buffer.from('{"email":"'), Buffer.from([0xe2, 0x82])])
    const response = await postBytes('/v1/auth/register', body, {
      'content-type': 'application/json',
    })
    assert.equal(response.status, 400)
    assert.equal(response.body.detail, 'The request body is not valid UTF-8 text')
  })

  test('invalid UTF-8 in a form or text body is a 400 problem', async ({ assert }) => {
    const body = Buffer.concat([Buffer.from('email='), Buffer.from([0xc3, 0x28])])
    for (const contentType of ['application/x-www-form-urlencoded', 'text/plain']) {
      const response = await postBytes('/v1/auth/login', body, { 'content-type': contentType })
      assert.equal(response.status, 400, contentType)
      assert.equal(response.body.detail, 'The request body is not valid UTF-8 text')
    }
  })

  test('valid multi-byte UTF-8, declared or not, is read and stored exactly', async ({
    assert,
  }) => {
    const email = uniqueEmail('utf8ok')
    const fullName = 'Zoë Łukasiewicz 日本 🚀'
    for (const contentType of ['application/json; charset=UTF-8', 'application/json']) {
      const response = await postBytes(
        '/v1/auth/register',
        Buffer.from(
          JSON.stringify({
            email: contentType.includes('charset') ? email : uniqueEmail('utf8ok'),
            password: 'correct-horse-battery',
            full_name: fullName,
          }),
          'utf8'
        ),
        { 'content-type': contentType }
      )
      assert.equal(response.status, 201, JSON.stringify(response.body))
    }
    const rows = await withService(({ trx }) =>
      trx.from('users').where('email', email).select('full_name')
    )
    assert.deepEqual(rows, [{ full_name: fullName }])
  })

  test('a charset other than UTF-8 or US-ASCII is a 415 problem', async ({ assert }) => {
    const cases: Array<[string, string]> = [
      ['application/json; charset=iso-8859-1', '{"email":"caf\u00e9@example.test"}'],
      ['application/json; charset="UTF-16"', '{}'],
      ['application/x-www-form-urlencoded; charset=windows-1252', 'email=a'],
      ['text/plain; charset=latin1', 'hello'],
    ]
    for (const [contentType, body] of cases) {
      const response = await postBytes('/v1/auth/login', body, { 'content-type': contentType })
      assert.equal(response.status, 415, contentType)
      assert.equal(response.headers.get('content-type'), 'application/problem+json')
      assert.equal(response.body.type, '/problems/unsupported-media-type')
      assert.match(response.body.detail, /must be UTF-8; charset=.+ is not supported/)
    }
    const ascii = await postBytes('/v1/auth/login', '{"email":"nobody@example.test"}', {
      'content-type': 'application/json; charset=us-ascii',
    })
    assert.equal(ascii.status, 422)
  })

  test('a compressed request body is a 415 problem naming the accepted encoding', async ({
    assert,
  }) => {
    const response = await postBytes('/v1/auth/login', gzipSync('{"email":"x@example.test"}'), {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    })
    assert.equal(response.status, 415)
    assert.equal(response.headers.get('accept-encoding'), 'identity')
    assert.equal(response.body.type, '/problems/unsupported-media-type')
  })
})

test.group('Request bodies / nesting and error details (issue 20, finding 10)', () => {
  test('JSON nested 5,000 levels is a 400 problem about the nesting limit', async ({ assert }) => {
    const bodies = [
      '['.repeat(5000) + ']'.repeat(5000),
      '{"a":'.repeat(5000) + '1' + '}'.repeat(5000),
    ]
    for (const body of bodies) {
      const response = await postBytes('/v1/auth/login', body, {
        'content-type': 'application/json',
      })
      assert.equal(response.status, 400)
      assert.equal(response.headers.get('content-type'), 'application/problem+json')
      assert.equal(
        response.body.detail,
        `The JSON body nests objects and arrays deeper than the limit of ${httpLimits.jsonMaxDepth} levels`
      )
      assert.notMatch(JSON.stringify(response.body), /call stack/i)
    }
  })

  test('nesting up to the limit is read, and brackets inside strings do not count', async ({
    assert,
  }) => {
    const depth = httpLimits.jsonMaxDepth - 1
    const atLimit = `{"email":"nobody@example.test","x":${'['.repeat(depth)}${']'.repeat(depth)}}`
    const inString = JSON.stringify({ email: 'x@example.test', password: '[{'.repeat(5000) })
    for (const body of [atLimit, inString]) {
      const response = await postBytes('/v1/auth/login', body, {
        'content-type': 'application/json',
      })
      // Read and validated: the validator answers, not the body guard.
      assert.oneOf(response.status, [401, 422], JSON.stringify(response.body))
    }
  })

  test("malformed JSON is a 400 problem that does not repeat the parser's message", async ({
    assert,
  }) => {
    const response = await postBytes('/v1/auth/login', '{"email": tru', {
      'content-type': 'application/json',
    })
    assert.equal(response.status, 400)
    assert.equal(response.body.detail, 'The request body is not valid JSON')
    assert.notMatch(response.body.detail, /Unexpected|position|token/i)
  })
})
