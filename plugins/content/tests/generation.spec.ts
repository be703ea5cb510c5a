import { test } from '@japa/runner'
import { registerAccount } from '#tests/helpers/accounts'
import { runWorkerDuringGroup } from '#tests/helpers/worker'
import { waitFor } from '#tests/helpers/wait_for'
import { assertMatchesSpec } from '#tests/helpers/openapi'

test.group('Content calendar: month generation', (group) => {
  group.setup(() => runWorkerDuringGroup())

  test("drafts a month from a brief, grounded in the workspace's campaigns (local provider)", async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'calgen')
    const campaign = async (body: Record<string, unknown>) => {
      const response = await client.post('/v1/campaigns').bearerToken(account.token).json(body)
      response.assertStatus(201)
      return response.body()
    }
    const launch = await campaign({
      name: 'Aurora launch',
      status: 'active',
      primary_objective: 'Win 200 trial signups from finance teams',
      target_audience: 'Finance managers at mid-size retailers',
      channels: ['linkedin', 'email'],
      start_date: '2026-09-01T00:00:00Z',
      end_date: '2026-09-30T00:00:00Z',
    })
    await campaign({ name: 'Old one', status: 'active', end_date: '2026-03-01T00:00:00Z' })

    const response = await client
      .post('/v1/content/calendar/generate')
      .bearerToken(account.token)
      .json({
        month: '2026-09',
        brief: 'Invoice automation saves finance teams hours every week',
        posts_per_week: 2,
        time_zone: 'Europe/Berlin',
      })
    response.assertStatus(202)
    await assertMatchesSpec(response)
    const generationId = response.body().generation_id
    const drafts = await waitFor(async () => {
      const list = await client
        .get('/v1/content/calendar/entries')
        .qs({ generation_id: generationId, limit: 100 })
        .bearerToken(account.token)
      return list.body().data.length ? list.body().data : null
    }, 30_000)
    // September 2026: Mondays and Wednesdays at 09:00 Berlin (07:00Z).
    assert.lengthOf(drafts, 9)
    for (const draft of drafts) {
      assert.equal(draft.status, 'draft')
      assert.equal(draft.campaign_id, launch.id, 'the campaign that ends in March is left out')
      assert.include(['social', 'email'], draft.content_type)
      assert.include(['linkedin', 'newsletter'], draft.platform)
      assert.match(draft.scheduled_date, /^2026-09-\d\dT07:00:00/)
      assert.include(draft.title, 'Aurora launch')
      assert.equal(draft.metadata.generation_id, generationId)
    }
    const text = drafts
      .map((d: { title: string; description: string }) => `${d.title} ${d.description}`)
      .join(' ')
      .toLowerCase()
    assert.include(text, 'invoice')
    assert.include(text, 'finance')
    const refused = await client
      .post('/v1/content/calendar/generate')
      .bearerToken(account.token)
      .json({ month: '2026-13', brief: 'x' })
    refused.assertStatus(422)
  })
})
