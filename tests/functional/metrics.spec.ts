import { test } from '@japa/runner'
import operations from '#config/operations'
import { registerAccount } from '#tests/helpers/accounts'

/** Parses the Prometheus text format into samples (name, labels, value); throws on a malformed line. */
function parseExposition(text: string) {
  const samples: { name: string; labels: Record<string, string>; value: number }[] = []
  const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (-?[0-9.e+-]+|NaN|\+Inf|-Inf)$/
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue
    const match = sample.exec(line)
    if (!match) throw new Error(`not a Prometheus sample line: ${line}`)
    const labels: Record<string, string> = {}
    for (const pair of (match[3] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[pair[1]] = pair[2]
    }
    samples.push({ name: match[1], labels, value: Number(match[4]) })
  }
  return samples
}

test.group('GET /metrics', (group) => {
  let saved: string | undefined
  group.each.setup(() => {
    saved = operations.metricsToken
    operations.metricsToken = 'metrics-test-token-0123456789'
    return () => {
      operations.metricsToken = saved
    }
  })

  test('does not exist without METRICS_TOKEN', async ({ client }) => {
    operations.metricsToken = undefined
    const response = await client.get('/metrics').bearerToken('anything')
    response.assertStatus(404)
  })

  test('needs the token', async ({ client, assert }) => {
    const missing = await client.get('/metrics')
    missing.assertStatus(401)
    assert.equal(missing.body().type, '/problems/unauthorized')
    const wrong = await client.get('/metrics').bearerToken('metrics-test-token-012345678X')
    wrong.assertStatus(401)
    // A user access token is not the metrics token either.
    const user = await registerAccount(client, 'metrics')
    const asUser = await client.get('/metrics').bearerToken(user.token)
    asUser.assertStatus(401)
  })

  test('serves parseable Prometheus text with HTTP, pool and process series', async ({
    client,
    assert,
  }) => {
    const user = await registerAccount(client, 'metrics-http')
    await client.get('/v1/webhooks/event-types').bearerToken(user.token)
    await client.get('/v1/webhooks/00000000-0000-4000-8000-000000000000').bearerToken(user.token)

    const response = await client.get('/metrics').bearerToken('metrics-test-token-0123456789')
    response.assertStatus(200)
    assert.match(response.header('content-type') ?? '', /^text\/plain; version=0\.0\.4/)
    const samples = parseExposition(response.text())

    const requests = samples.filter((s) => s.name === 'aip_http_requests_total')
    const listed = requests.find(
      (s) => s.labels.route === '/v1/webhooks/event-types' && s.labels.status === '200'
    )
    assert.isDefined(listed)
    assert.isAtLeast(listed!.value, 1)
    // Labelled by route pattern, never by the raw path (one series per id would explode).
    assert.isTrue(requests.some((s) => s.labels.route === '/v1/webhooks/:id'))
    assert.isFalse(requests.some((s) => s.labels.route.includes('00000000-')))
    assert.isTrue(
      samples.some(
        (s) =>
          s.name === 'aip_http_request_duration_seconds_bucket' &&
          s.labels.route === '/v1/webhooks/event-types' &&
          s.labels.le === '+Inf'
      )
    )
    const pool = samples.filter(
      (s) => s.name === 'aip_db_pool_connections' && s.labels.pool === 'app'
    )
    assert.sameMembers(
      pool.map((s) => s.labels.state),
      ['used', 'free', 'pending']
    )
    assert.isTrue(samples.some((s) => s.name === 'aip_process_resident_memory_bytes'))
    for (const name of [
      'aip_jobs_total',
      'aip_webhook_deliveries_total',
      'aip_ai_calls_total',
      'aip_ai_cost_usd_total',
    ]) {
      assert.include(response.text(), `# TYPE ${name} counter`)
    }
  })
})
