import { randomUUID } from 'node:crypto'
import { test } from '@japa/runner'
import { registerAccount } from '#tests/helpers/accounts'
import { post } from './helpers.js'

test.group('Strategy: tenancy', () => {
  test('every route answers 404 (or an empty list) to another workspace', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'stratowner')
    const stranger = await registerAccount(client, 'stratstranger')
    const positioning = await post(client, owner, '/v1/strategy/positioning', {
      product_name: 'Private product',
    })
    const funnel = await post(client, owner, '/v1/strategy/funnels', { business_type: 'Private' })
    const framework = await post(client, owner, '/v1/strategy/kpi-frameworks', {
      campaign_name: 'Private',
      channels: ['email'],
      preset: 'heart',
    })
    const research = await post(client, owner, '/v1/strategy/keyword-research', {
      query: 'private',
      documents: [{ title: 'Doc', text: 'private words private words' }],
    })
    const session = await post(client, owner, '/v1/strategy/copilot/sessions', {
      objective: 'Private objective',
    })
    await client
      .post(`/v1/strategy/positioning/${positioning.id}/activate`)
      .bearerToken(owner.token)

    const routes: Array<[string, string, Record<string, unknown>?]> = [
      ['get', `/v1/strategy/positioning/${positioning.id}`],
      [
        'patch',
        `/v1/strategy/positioning/${positioning.id}`,
        { positioning_statement: 'Mine now' },
      ],
      ['post', `/v1/strategy/positioning/${positioning.id}/regenerate`, {}],
      ['post', `/v1/strategy/positioning/${positioning.id}/activate`, {}],
      ['get', `/v1/strategy/positioning/${positioning.id}/versions`],
      ['get', `/v1/strategy/positioning/${positioning.id}/diff?from=1&to=1`],
      ['delete', `/v1/strategy/positioning/${positioning.id}`],
      ['get', '/v1/strategy/positioning/active'],
      ['get', `/v1/strategy/funnels/${funnel.id}`],
      ['patch', `/v1/strategy/funnels/${funnel.id}`, { entry_volume: 5 }],
      ['post', `/v1/strategy/funnels/${funnel.id}/what-if`, { stage: 'conversion', rate: 0.5 }],
      ['get', `/v1/strategy/funnels/${funnel.id}/versions`],
      ['get', `/v1/strategy/funnels/${funnel.id}/diff?from=1&to=1`],
      ['delete', `/v1/strategy/funnels/${funnel.id}`],
      ['get', `/v1/strategy/kpi-frameworks/${framework.id}`],
      ['patch', `/v1/strategy/kpi-frameworks/${framework.id}`, { is_active: false }],
      ['get', `/v1/strategy/kpi-frameworks/${framework.id}/evaluation`],
      ['get', `/v1/strategy/kpi-frameworks/${framework.id}/versions`],
      ['get', `/v1/strategy/kpi-frameworks/${framework.id}/diff?from=1&to=1`],
      ['delete', `/v1/strategy/kpi-frameworks/${framework.id}`],
      ['get', `/v1/strategy/keyword-research/${research.id}`],
      ['post', `/v1/strategy/keyword-research/${research.id}/volumes`, {}],
      ['delete', `/v1/strategy/keyword-research/${research.id}`],
      ['get', `/v1/strategy/copilot/sessions/${session.id}`],
      ['post', `/v1/strategy/copilot/sessions/${session.id}/regenerate`, {}],
      [
        'post',
        `/v1/strategy/copilot/sessions/${session.id}/feedback`,
        { section: 'plan', interaction_type: 'approve' },
      ],
      ['post', `/v1/strategy/copilot/sessions/${session.id}/save`, {}],
    ]
    for (const [method, path, body] of routes) {
      for (const headers of [{}, { 'X-Workspace-Id': owner.personalWorkspaceId }]) {
        const request = (client as any)[method](path).bearerToken(stranger.token).headers(headers)
        const response = body ? await request.json(body) : await request
        assert.equal(
          response.status(),
          404,
          `${method} ${path} ${JSON.stringify(headers)}: ${response.status()}`
        )
      }
    }
    for (const path of [
      '/v1/strategy/positioning',
      '/v1/strategy/funnels',
      '/v1/strategy/kpi-frameworks',
      '/v1/strategy/keyword-research',
      '/v1/strategy/copilot/sessions',
    ]) {
      const list = await client.get(path).bearerToken(stranger.token)
      list.assertStatus(200)
      assert.deepEqual(list.body().data, [], path)
      const own = await client.get(path).bearerToken(owner.token)
      assert.lengthOf(own.body().data, 1, path)
    }
    // Still there for the owner, unchanged.
    const mine = await client
      .get(`/v1/strategy/positioning/${positioning.id}`)
      .bearerToken(owner.token)
    assert.equal(mine.body().current_version, 1)
    assert.isTrue(mine.body().is_active)
    ;(
      await client.get(`/v1/strategy/funnels/${randomUUID()}`).bearerToken(owner.token)
    ).assertStatus(404)
    ;(await client.get('/v1/strategy/funnels/not-a-uuid').bearerToken(owner.token)).assertStatus(
      404
    )
    ;(await client.get('/v1/strategy/kpi-catalogue')).assertStatus(401)
  })
})
