import { test } from '@japa/runner'
import { platformConfig } from '#sdk'
import { registerAccount, type TestAccount } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { runWorkerDuringGroup } from '#tests/helpers/worker'
import { waitFor } from '#tests/helpers/wait_for'
import { FakeHttpServer } from '#tests/helpers/fake_http_server'
import type { ApiClient } from '@japa/api-client'
import { post } from './helpers.js'
import scheduleCompetitorRefresh from '../jobs/schedule_competitor_refresh.js'

/** Competitor pages the local server answers, by path. */
const pages: Record<string, { type: string; body: string }> = {
  '/globex': {
    type: 'text/html',
    body: '<html><head><script>var x = 1</script></head><body><h1>Globex</h1><p>Globex is the fastest analytics platform trusted by enterprises worldwide.</p><p>Join our weekly webinar and download the free ebook.</p></body></html>',
  },
  '/initech': {
    type: 'text/plain',
    body: 'Initech offers templates for agencies. Read our case studies on the blog.',
  },
  '/image': { type: 'image/png', body: 'not a page' },
}

/** Waits until the analysis is no longer fetching and returns it. */
async function settled(client: ApiClient, account: TestAccount, id: string) {
  return waitFor(async () => {
    const response = await client
      .get(`/v1/strategy/competitive-gaps/${id}`)
      .bearerToken(account.token)
    return response.body().status !== 'fetching' ? response.body() : null
  }, 30_000)
}

test.group('Strategy: competitive gaps over fetched pages', (group) => {
  const server = new FakeHttpServer((req, res) => {
    const page = pages[req.path]
    if (!page) {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, { 'content-type': `${page.type}; charset=utf-8` }).end(page.body)
  })
  group.setup(async () => {
    await server.start()
    const stopWorker = await runWorkerDuringGroup()
    return async () => {
      await stopWorker()
      await server.close()
    }
  })

  test('fetches pages as snapshots, cites them in gaps, records what changed on refresh', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'stratgap')
    const created = await client
      .post('/v1/strategy/competitive-gaps')
      .bearerToken(account.token)
      .json({
        our_brand: 'Acme Forecast',
        our_description:
          'Acme Forecast predicts store demand for independent grocers. It orders stock automatically.',
        competitors: [
          { name: 'Globex', url: `${server.origin}/globex` },
          { name: 'Initech', url: `${server.origin}/initech` },
          { name: 'Broken', url: `${server.origin}/image` },
        ],
      })
    created.assertStatus(202)
    await assertMatchesSpec(created)
    assert.equal(created.body().status, 'fetching')
    const analysis = await settled(client, account, created.body().id)
    assert.equal(analysis.status, 'ready')

    const snapshots = await client
      .get(`/v1/strategy/competitive-gaps/${analysis.id}/snapshots`)
      .bearerToken(account.token)
    snapshots.assertStatus(200)
    await assertMatchesSpec(snapshots)
    const byName = Object.fromEntries(snapshots.body().data.map((s: any) => [s.competitor, s]))
    assert.equal(byName.Globex.status, 'ok')
    assert.notInclude(byName.Globex.content, 'var x')
    assert.include(byName.Globex.content, 'trusted by enterprises')
    assert.match(byName.Globex.content_hash, /^[0-9a-f]{64}$/)
    assert.isNull(byName.Globex.changed)
    assert.equal(byName.Broken.status, 'failed')
    assert.include(byName.Broken.error, 'Not a web page')
    assert.isTrue(analysis.limitations.some((l: string) => l.startsWith('Broken:')))

    const gaps = analysis.gap_analysis.gaps
    const topics = gaps.map((g: any) => `${g.category}:${g.topic}`)
    assert.includeMembers(topics, [
      'channel:webinar',
      'content:ebook',
      'audience:enterprises',
      'audience:agencies',
      'content:templates',
      'channel:blog',
    ])
    const snapshotIds = snapshots.body().data.map((s: any) => s.id)
    for (const gap of gaps) {
      assert.include(snapshotIds, gap.snapshot_id)
      assert.include(byName[gap.competitor].content, gap.excerpt)
    }
    assert.isTrue(gaps.some((g: any) => g.category === 'messaging' && g.competitor === 'Globex'))
    assert.include(analysis.ownable_differentiator.terms, 'grocer')

    // The page changes; a refresh records a new snapshot with the difference.
    pages['/initech'] = {
      type: 'text/plain',
      body: 'Initech offers templates for agencies. Initech now runs a podcast for retail founders.',
    }
    const refreshed = await client
      .post(`/v1/strategy/competitive-gaps/${analysis.id}/refresh`)
      .bearerToken(account.token)
    refreshed.assertStatus(202)
    await settled(client, account, analysis.id)
    const after = await client
      .get(`/v1/strategy/competitive-gaps/${analysis.id}/snapshots`)
      .bearerToken(account.token)
    const initech = after.body().data.filter((s: any) => s.competitor === 'Initech')
    assert.lengthOf(initech, 2)
    assert.isTrue(initech[0].changed)
    assert.deepEqual(initech[0].changes.added, ['Initech now runs a podcast for retail founders.'])
    assert.deepEqual(initech[0].changes.removed, ['Read our case studies on the blog.'])
    const globex = after.body().data.filter((s: any) => s.competitor === 'Globex')
    assert.isFalse(globex[0].changed)

    // The weekly cron queues a fetch of every analysis, as its creator.
    pages['/globex'] = {
      ...pages['/globex'],
      body: pages['/globex'].body.replace('weekly webinar', 'monthly webinar'),
    }
    await scheduleCompetitorRefresh({}, { logger: { info: () => {} } } as any)
    const weekly = await waitFor(async () => {
      const response = await client
        .get(`/v1/strategy/competitive-gaps/${analysis.id}/snapshots`)
        .bearerToken(account.token)
      const rows = response.body().data.filter((s: any) => s.competitor === 'Globex')
      return rows.length === 3 ? rows : null
    }, 30_000)
    assert.isTrue(weekly[0].changed)
    assert.deepEqual(weekly[0].changes.added, [
      'Join our monthly webinar and download the free ebook.',
    ])
  })

  test('the SSRF guard refuses private addresses unless allowed; bad input is a 422', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'stratgapssrf')
    for (const competitors of [[], [{ name: 'x', url: 'ftp://example.com/' }], [{ name: 'x' }]]) {
      ;(
        await client
          .post('/v1/strategy/competitive-gaps')
          .bearerToken(account.token)
          .json({ our_brand: 'Acme', competitors })
      ).assertStatus(422)
    }
    const saved = platformConfig.webhooks.allowedPrivateTargets
    platformConfig.webhooks.allowedPrivateTargets = []
    try {
      const refused = await client
        .post('/v1/strategy/competitive-gaps')
        .bearerToken(account.token)
        .json({
          our_brand: 'Acme',
          competitors: [{ name: 'Local', url: `${server.origin}/globex` }],
        })
      refused.assertStatus(422)
      assert.include(refused.body().errors[0].message, 'loopback')
    } finally {
      platformConfig.webhooks.allowedPrivateTargets = saved
    }
    const list = await client.get('/v1/strategy/competitive-gaps').bearerToken(account.token)
    assert.deepEqual(list.body().data, [])
  })

  test('another workspace gets 404 on every competitive gap route', async ({ client, assert }) => {
    const owner = await registerAccount(client, 'stratgapowner')
    const stranger = await registerAccount(client, 'stratgapstranger')
    const created = await post(
      client,
      owner,
      '/v1/strategy/competitive-gaps',
      { our_brand: 'Acme', competitors: [{ name: 'Globex', url: `${server.origin}/globex` }] },
      202
    )
    await settled(client, owner, created.id)
    for (const [method, path] of [
      ['get', `/v1/strategy/competitive-gaps/${created.id}`],
      ['get', `/v1/strategy/competitive-gaps/${created.id}/snapshots`],
      ['post', `/v1/strategy/competitive-gaps/${created.id}/refresh`],
      ['delete', `/v1/strategy/competitive-gaps/${created.id}`],
    ] as const) {
      for (const headers of [{}, { 'X-Workspace-Id': owner.personalWorkspaceId }]) {
        const response = await (client as any)
          [method](path)
          .bearerToken(stranger.token)
          .headers(headers)
        assert.equal(response.status(), 404, `${method} ${path}`)
      }
    }
    assert.deepEqual(
      (await client.get('/v1/strategy/competitive-gaps').bearerToken(stranger.token)).body().data,
      []
    )
    ;(
      await client.delete(`/v1/strategy/competitive-gaps/${created.id}`).bearerToken(owner.token)
    ).assertStatus(204)
  })
})
