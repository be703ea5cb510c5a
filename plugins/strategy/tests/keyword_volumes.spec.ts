import { test } from '@japa/runner'
import type { ApiClient, ApiResponse } from '@japa/api-client'
import { registerAccount, type TestAccount } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { runWorkerDuringGroup } from '#tests/helpers/worker'
import { waitFor } from '#tests/helpers/wait_for'
import { FakeHttpServer } from '#tests/helpers/fake_http_server'
import { auditRows } from '#tests/helpers/secrets'
import strategyConfig, { type KeywordVolumeSettings } from '../strategy_config.js'
import { SEARCH_VOLUME_PATH } from '../services/dataforseo_client.js'

/** The research corpus: three topics, so the offline mode finds these keywords. */
const documents = [
  {
    title: 'Email marketing guide',
    text: 'Email marketing automation helps small teams. Email marketing automation sends newsletters. How to write email marketing newsletters that convert. Email deliverability matters for newsletters.',
  },
  {
    title: 'Pricing',
    text: 'Compare pricing plans. Pricing plans start free. Buy the pro plan with a free trial. Pricing plans for agencies and pricing plans for teams.',
  },
  {
    title: 'Demand forecasting',
    text: 'Demand forecasting for retail stores. Retail demand forecasting uses sales history. Demand forecasting accuracy improves inventory planning. Inventory planning for retail stores.',
  },
]

/** What the fake provider knows: volumes by keyword ("pricing plans" known but without volume). */
const KNOWN: Record<string, { search_volume: number | null; competition: string | null }> = {
  'email marketing': { search_volume: 1300, competition: 'HIGH' },
  'demand forecasting': { search_volume: 590, competition: 'LOW' },
  'pricing plans': { search_volume: null, competition: null },
}

/** A DataForSEO envelope around one task. */
function envelope(task: Record<string, unknown>) {
  return {
    version: '0.1.20250101',
    status_code: 20000,
    status_message: 'Ok.',
    time: '0.1 sec.',
    cost: 0.05,
    tasks_count: 1,
    tasks_error: 0,
    tasks: [{ id: '01010101-0000-0000-0000-000000000000', time: '0.1 sec.', cost: 0.05, ...task }],
  }
}

/** How the fake answers the next requests. */
let mode: 'ok' | 'server_error' | 'task_error' | 'slow' = 'ok'

/**
 * A local server speaking DataForSEO's search volume "live" format: checks
 * the Basic credentials (401 with DataForSEO's envelope otherwise) and
 * answers the volumes it knows.
 */
const fake = new FakeHttpServer(async (req, res) => {
  const json = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
  }
  if (req.method !== 'POST' || req.path !== SEARCH_VOLUME_PATH) return json(404, {})
  const expected = `Basic ${Buffer.from('kw-login:kw-password').toString('base64')}`
  if (req.headers.authorization !== expected) {
    return json(401, {
      status_code: 40100,
      status_message: 'You are not authorized to access this resource.',
    })
  }
  if (mode === 'server_error') {
    return json(500, { status_code: 50000, status_message: 'Internal Error.' })
  }
  if (mode === 'slow') await new Promise((resolve) => setTimeout(resolve, 1500))
  const [task] = req.body
  if (mode === 'task_error') {
    return json(
      200,
      envelope({ status_code: 40501, status_message: 'Invalid Field: location_code.' })
    )
  }
  const result = (task.keywords as string[])
    .filter((keyword) => keyword in KNOWN)
    .map((keyword) => ({
      keyword,
      spell: null,
      location_code: task.location_code,
      language_code: task.language_code,
      search_partners: false,
      competition: KNOWN[keyword].competition,
      competition_index: KNOWN[keyword].competition === 'HIGH' ? 88 : null,
      search_volume: KNOWN[keyword].search_volume,
      low_top_of_page_bid: 1.2,
      high_top_of_page_bid: 4.5,
      cpc: KNOWN[keyword].search_volume ? 2.75 : null,
      monthly_searches: [],
    }))
  json(
    200,
    envelope({
      status_code: 20000,
      status_message: 'Ok.',
      result_count: result.length,
      path: ['v3', 'keywords_data', 'google_ads', 'search_volume', 'live'],
      data: task,
      result,
    })
  )
})

/** POSTs a research and returns its body (201 checked against the spec). */
async function research(client: ApiClient, account: TestAccount) {
  const created = await client
    .post('/v1/strategy/keyword-research')
    .bearerToken(account.token)
    .json({ query: 'email marketing', documents, max_keywords: 12 })
  created.assertStatus(201)
  await assertMatchesSpec(created)
  return created.body()
}

/** Waits until the research's volumes are no longer pending and returns it. */
async function settled(client: ApiClient, account: TestAccount, id: string) {
  return waitFor<ApiResponse | null>(async () => {
    const response = await client
      .get(`/v1/strategy/keyword-research/${id}`)
      .bearerToken(account.token)
    return response.body().sources.volumes.status !== 'pending' ? response : null
  }, 30_000) as Promise<ApiResponse>
}

test.group('Strategy: keyword volumes from DataForSEO', (group) => {
  const settings = strategyConfig.keywordVolumes
  let saved: KeywordVolumeSettings
  group.setup(async () => {
    saved = { ...settings }
    await fake.start()
    const stopWorker = await runWorkerDuringGroup()
    return async () => {
      Object.assign(settings, saved)
      await stopWorker()
      await fake.close()
    }
  })
  group.each.setup(() => {
    mode = 'ok'
    Object.assign(settings, {
      baseUrl: fake.origin,
      login: undefined,
      password: undefined,
      locationCode: 2840,
      languageCode: 'en',
      timeoutMs: 30_000,
    })
  })

  test('not configured: offline only, volumes unknown, no provider call', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'kwoff')
    // A base URL alone is not enough: neither a vault secret nor platform credentials.
    const before = fake.requests.length
    const body = await research(client, account)
    assert.deepEqual(body.sources.volumes, { status: 'not_configured' })
    assert.isTrue(body.keywords.every((k: any) => k.search_volume === null && !k.volume_source))
    settings.baseUrl = undefined
    settings.login = 'kw-login'
    settings.password = 'kw-password'
    const second = await research(client, account)
    assert.equal(second.sources.volumes.status, 'not_configured')
    const again = await client
      .post(`/v1/strategy/keyword-research/${second.id}/volumes`)
      .bearerToken(account.token)
    again.assertStatus(422)
    assert.equal(again.body().type, '/problems/keyword-volumes-not-configured')
    assert.equal(fake.requests.length, before)
  })

  test("merges the provider's volumes with the user's vault credentials; unknown stays null", async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'kwvault')
    ;(
      await client
        .put('/v1/secrets/dataforseo')
        .bearerToken(account.token)
        .json({ value: 'kw-login:kw-password' })
    ).assertStatus(201)
    const created = await research(client, account)
    assert.equal(created.sources.volumes.status, 'pending')
    const response = await settled(client, account, created.id)
    await assertMatchesSpec(response)
    const body = response.body()
    assert.equal(body.sources.volumes.status, 'ready')
    assert.equal(body.sources.volumes.provider, 'dataforseo')

    // The request spoke DataForSEO's format: one task with the keywords, location and language.
    const sent = fake.last(/search_volume/)!
    assert.isArray(sent.body)
    assert.lengthOf(sent.body, 1)
    assert.equal(sent.body[0].location_code, 2840)
    assert.equal(sent.body[0].language_code, 'en')
    assert.sameMembers(
      sent.body[0].keywords,
      created.keywords.map((k: any) => k.keyword)
    )

    const byWord = Object.fromEntries(body.keywords.map((k: any) => [k.keyword, k]))
    assert.include(byWord['email marketing'], {
      search_volume: 1300,
      volume_source: 'dataforseo',
      competition: 'HIGH',
      competition_index: 88,
      cpc: 2.75,
    })
    assert.include(byWord['demand forecasting'], {
      search_volume: 590,
      volume_source: 'dataforseo',
      competition: 'LOW',
    })
    // Known to the provider without a volume, or not known at all: unknown.
    assert.include(byWord['pricing plans'], { search_volume: null, volume_source: null })
    const unknown = body.keywords.filter((k: any) => !(k.keyword in KNOWN))
    assert.isAbove(unknown.length, 0)
    assert.isTrue(unknown.every((k: any) => k.search_volume === null && k.volume_source === null))
    assert.equal(body.sources.volumes.known, 2)
    assert.equal(body.sources.volumes.unknown, body.keywords.length - 2)
    // The offline analysis is unchanged by the enrichment.
    assert.deepEqual(
      body.keywords.map((k: any) => [k.keyword, k.score, k.intent, k.cluster]),
      created.keywords.map((k: any) => [k.keyword, k.score, k.intent, k.cluster])
    )
    // The reveal was audited with its purpose.
    const audits = await auditRows(account, 'dataforseo')
    assert.isTrue(
      audits.some((a: any) => a.operation === 'reveal' && a.purpose === 'strategy:keyword_volumes')
    )
  })

  test('provider errors are recorded failures with the reason; no keyword changes', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'kwfail')
    // Platform credentials the provider refuses: 401.
    settings.login = 'kw-login'
    settings.password = 'wrong'
    const created = await research(client, account)
    const refused = (await settled(client, account, created.id)).body()
    assert.equal(refused.sources.volumes.status, 'failed')
    assert.equal(refused.sources.volumes.http_status, 401)
    assert.include(refused.sources.volumes.error, 'HTTP 401')
    assert.include(refused.sources.volumes.error, 'You are not authorized')
    assert.deepEqual(refused.keywords, created.keywords)

    // Good credentials, provider failures of each kind; the route fetches again.
    settings.password = 'kw-password'
    const failures: Array<[typeof mode, string]> = [
      ['server_error', 'HTTP 500: Internal Error.'],
      ['task_error', 'DataForSEO task error 40501: Invalid Field: location_code.'],
      ['slow', 'did not answer within 300 ms'],
    ]
    for (const [failure, reason] of failures) {
      mode = failure
      settings.timeoutMs = failure === 'slow' ? 300 : 30_000
      const again = await client
        .post(`/v1/strategy/keyword-research/${created.id}/volumes`)
        .bearerToken(account.token)
      again.assertStatus(202)
      await assertMatchesSpec(again)
      assert.equal(again.body().sources.volumes.status, 'pending')
      const failed = (await settled(client, account, created.id)).body()
      assert.equal(failed.sources.volumes.status, 'failed', failure)
      assert.include(failed.sources.volumes.error, reason)
      assert.deepEqual(failed.keywords, created.keywords)
    }

    // The provider is back: the same route now merges the volumes.
    mode = 'ok'
    settings.timeoutMs = 30_000
    ;(
      await client
        .post(`/v1/strategy/keyword-research/${created.id}/volumes`)
        .bearerToken(account.token)
    ).assertStatus(202)
    const ready = (await settled(client, account, created.id)).body()
    assert.equal(ready.sources.volumes.status, 'ready')
    assert.equal(ready.keywords[0].search_volume, 1300)
  })
})
