import { test } from '@japa/runner'
import { addMember, createWorkspace, registerAccount } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { createCampaign } from './helpers.js'

test.group('Campaigns: CRUD, filters and search', () => {
  test('creates, reads, updates and deletes a campaign', async ({ client, assert }) => {
    const account = await registerAccount(client, 'camp')
    const created = await client
      .post('/v1/campaigns')
      .bearerToken(account.token)
      .json({
        name: '  Spring launch ',
        type: 'product_launch',
        channel: 'google_ads',
        channels: ['google_ads', 'email'],
        total_budget: 1000,
        budget_spent: 250.5,
        start_date: '2026-03-01T00:00:00Z',
        end_date: '2026-04-30',
        kpi_targets: { ctr: 0.03 },
      })
    created.assertStatus(201)
    await assertMatchesSpec(created)
    const campaign = created.body()
    assert.equal(campaign.name, 'Spring launch')
    assert.equal(campaign.status, 'draft')
    assert.equal(campaign.workspace_id, account.personalWorkspaceId)
    assert.equal(campaign.created_by, account.id)
    assert.strictEqual(campaign.total_budget, 1000)
    assert.strictEqual(campaign.budget_spent, 250.5)
    assert.deepEqual(campaign.channels, ['google_ads', 'email'])

    const shown = await client.get(`/v1/campaigns/${campaign.id}`).bearerToken(account.token)
    shown.assertStatus(200)
    await assertMatchesSpec(shown)
    assert.equal(shown.body().id, campaign.id)

    const updated = await client
      .patch(`/v1/campaigns/${campaign.id}`)
      .bearerToken(account.token)
      .json({ description: 'Launch of the new plan', auto_managed: true, end_date: null })
    updated.assertStatus(200)
    await assertMatchesSpec(updated)
    assert.equal(updated.body().description, 'Launch of the new plan')
    assert.isTrue(updated.body().auto_managed)
    assert.isNull(updated.body().end_date)

    const deleted = await client.delete(`/v1/campaigns/${campaign.id}`).bearerToken(account.token)
    deleted.assertStatus(204)
    ;(await client.get(`/v1/campaigns/${campaign.id}`).bearerToken(account.token)).assertStatus(404)
    ;(await client.get('/v1/campaigns/not-a-uuid').bearerToken(account.token)).assertStatus(404)
  })

  test('filters by status, type, channel, auto_managed and dates; searches by name; pages', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'campfilter')
    const a = await createCampaign(client, account, {
      name: 'Alpha 50% off',
      type: 'email',
      channel: 'email',
      start_date: '2026-01-01',
      end_date: '2026-01-31',
    })
    const b = await createCampaign(client, account, {
      name: 'Beta launch',
      type: 'product_launch',
      channels: ['linkedin'],
      status: 'active',
      auto_managed: true,
      start_date: '2026-03-01',
    })
    const c = await createCampaign(client, account, { name: 'Gamma alpha', type: 'email' })
    const names = async (qs: Record<string, unknown>) => {
      const response = await client.get('/v1/campaigns').bearerToken(account.token).qs(qs)
      response.assertStatus(200)
      await assertMatchesSpec(response)
      return response.body().data.map((row: { name: string }) => row.name)
    }
    assert.deepEqual(await names({}), [c.name, b.name, a.name])
    assert.deepEqual(await names({ status: 'active' }), [b.name])
    assert.deepEqual(await names({ type: 'email' }), [c.name, a.name])
    assert.deepEqual(await names({ channel: 'linkedin' }), [b.name])
    assert.deepEqual(await names({ channel: 'email' }), [a.name])
    assert.deepEqual(await names({ auto_managed: 'true' }), [b.name])
    assert.deepEqual(await names({ auto_managed: 'false' }), [c.name, a.name])
    // Running at some point in February: a ended in January, b starts in March, c has no dates.
    assert.deepEqual(await names({ from: '2026-02-01', to: '2026-02-28' }), [c.name])
    assert.deepEqual(await names({ from: '2026-01-15T00:00:00Z', to: '2026-02-01' }), [
      c.name,
      a.name,
    ])
    assert.deepEqual(await names({ q: 'ALPHA' }), [c.name, a.name])
    assert.deepEqual(await names({ q: '50%' }), [a.name])
    assert.deepEqual(await names({ q: '%' }), [a.name])

    const first = await client.get('/v1/campaigns').bearerToken(account.token).qs({ limit: 2 })
    assert.lengthOf(first.body().data, 2)
    const second = await client
      .get('/v1/campaigns')
      .bearerToken(account.token)
      .qs({ limit: 2, cursor: first.body().next_cursor })
    assert.deepEqual(
      second.body().data.map((row: { id: string }) => row.id),
      [a.id]
    )
    assert.isNull(second.body().next_cursor)

    const bad = await client.get('/v1/campaigns').bearerToken(account.token).qs({ status: 'done' })
    bad.assertStatus(422)
    await assertMatchesSpec(bad)
    ;(
      await client.get('/v1/campaigns').bearerToken(account.token).qs({ from: '2026-02-30' })
    ).assertStatus(422)
    ;(
      await client.get('/v1/campaigns').bearerToken(account.token).qs({ cursor: 'garbage' })
    ).assertStatus(422)
    // An unencoded comma in the search text stays part of it.
    ;(await client.get('/v1/campaigns?q=Sale,%202026').bearerToken(account.token)).assertStatus(200)
    const reversed = await client
      .get('/v1/campaigns')
      .bearerToken(account.token)
      .qs({ from: '2026-03-01', to: '2026-02-01' })
    reversed.assertStatus(422)
    assert.equal(reversed.body().errors[0].field, 'to')
  })

  test('rejects invalid input with 422 and per-field details, writing nothing', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'campinvalid')
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ name: '   ' }, 'name'],
      [{ name: 'x', type: 'podcast' }, 'type'],
      [{ name: 'x', total_budget: -1 }, 'total_budget'],
      [{ name: 'x', budget_allocated: -5 }, 'budget_allocated'],
      [{ name: 'x', status: 'completed' }, 'status'],
      [{ name: 'x', start_date: '2026-05-02', end_date: '2026-05-01' }, 'end_date'],
      [{ name: 'x', start_date: 'yesterday' }, 'start_date'],
      [{ name: 'x', total_budget: 100, budget_spent: 150 }, 'budget_spent'],
      [{ name: 'x', channels: 'email' }, 'channels'],
    ]
    for (const [body, field] of cases) {
      const response = await client.post('/v1/campaigns').bearerToken(account.token).json(body)
      response.assertStatus(422)
      await assertMatchesSpec(response)
      assert.include(
        response.body().errors.map((error: { field: string }) => error.field),
        field,
        JSON.stringify(body)
      )
    }
    const list = await client.get('/v1/campaigns').bearerToken(account.token)
    assert.lengthOf(list.body().data, 0)
  })

  test('budget_spent may exceed total_budget only with the explicit override', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'campbudget')
    const campaign = await createCampaign(client, account, { total_budget: 100, budget_spent: 90 })
    const refused = await client
      .patch(`/v1/campaigns/${campaign.id}`)
      .bearerToken(account.token)
      .json({ budget_spent: 120 })
    refused.assertStatus(422)
    assert.match(refused.body().detail, /allow_overspend/)
    const lowered = await client
      .patch(`/v1/campaigns/${campaign.id}`)
      .bearerToken(account.token)
      .json({ total_budget: 80 })
    lowered.assertStatus(422)
    const allowed = await client
      .patch(`/v1/campaigns/${campaign.id}`)
      .bearerToken(account.token)
      .json({ budget_spent: 120, allow_overspend: true })
    allowed.assertStatus(200)
    assert.strictEqual(allowed.body().budget_spent, 120)
    assert.notProperty(allowed.body(), 'allow_overspend')

    // The recorded overspend does not block later edits that leave the budget alone...
    const activated = await client
      .patch(`/v1/campaigns/${campaign.id}`)
      .bearerToken(account.token)
      .json({ status: 'active', description: 'over budget on purpose' })
    activated.assertStatus(200)
    assert.equal(activated.body().status, 'active')
    // ...but a new budget change needs the override again.
    const more = await client
      .patch(`/v1/campaigns/${campaign.id}`)
      .bearerToken(account.token)
      .json({ budget_spent: 130 })
    more.assertStatus(422)
  })

  test('names are unique per workspace (409), not across workspaces', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'campname')
    const other = await registerAccount(client, 'campname2')
    await createCampaign(client, account, { name: 'Black Friday' })
    const duplicate = await client
      .post('/v1/campaigns')
      .bearerToken(account.token)
      .json({ name: 'Black Friday' })
    duplicate.assertStatus(409)
    await assertMatchesSpec(duplicate)
    assert.match(duplicate.body().detail, /Black Friday/)
    const second = await createCampaign(client, account, { name: 'Cyber Monday' })
    const rename = await client
      .patch(`/v1/campaigns/${second.id}`)
      .bearerToken(account.token)
      .json({ name: 'Black Friday' })
    rename.assertStatus(409)
    await createCampaign(client, other, { name: 'Black Friday' })
  })

  test('status transitions follow draft → active ⇄ paused → completed; completed is final', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'camplife')
    const campaign = await createCampaign(client, account)
    const move = (status: string) =>
      client.patch(`/v1/campaigns/${campaign.id}`).bearerToken(account.token).json({ status })

    for (const refused of ['paused', 'completed']) {
      const response = await move(refused)
      response.assertStatus(409)
      await assertMatchesSpec(response)
      assert.equal(response.body().type, '/problems/invalid-transition')
      assert.match(response.body().detail, new RegExp(`draft campaign cannot become ${refused}`))
    }
    for (const status of ['active', 'paused', 'active', 'paused', 'completed']) {
      const response = await move(status)
      response.assertStatus(200)
      assert.equal(response.body().status, status)
    }
    for (const status of ['active', 'paused', 'draft']) {
      const response = await move(status)
      response.assertStatus(409)
      assert.match(response.body().detail, /completed, which is final/)
    }
    const same = await move('completed')
    same.assertStatus(200)
    const shown = await client.get(`/v1/campaigns/${campaign.id}`).bearerToken(account.token)
    assert.equal(shown.body().status, 'completed')
  })

  test('another workspace gets 404 for every campaign route and sees an empty list', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'campowner')
    const stranger = await registerAccount(client, 'campstranger')
    const campaign = await createCampaign(client, owner, { name: 'Secret plan' })
    const base = `/v1/campaigns/${campaign.id}`
    ;(await client.get(base).bearerToken(stranger.token)).assertStatus(404)
    ;(await client.patch(base).bearerToken(stranger.token).json({ name: 'Mine' })).assertStatus(404)
    ;(await client.patch(base).bearerToken(stranger.token).json({ status: 'active' })).assertStatus(
      404
    )
    ;(await client.delete(base).bearerToken(stranger.token)).assertStatus(404)
    const list = await client.get('/v1/campaigns').bearerToken(stranger.token)
    assert.deepEqual(list.body().data, [])
    // Naming the owner's workspace does not help: not a member, so 404.
    const forged = await client
      .get(base)
      .bearerToken(stranger.token)
      .header('x-workspace-id', owner.personalWorkspaceId)
    forged.assertStatus(404)
    const still = await client.get(base).bearerToken(owner.token)
    assert.equal(still.body().name, 'Secret plan')
    ;(await client.get('/v1/campaigns')).assertStatus(401)
  })

  test('API keys need campaigns:read to list and campaigns:write to create', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'campkey')
    const created = await client
      .post('/v1/api-keys')
      .bearerToken(account.token)
      .json({ name: 'reporting', scopes: ['campaigns:read'] })
    created.assertStatus(201)
    const key = created.body().key
    await createCampaign(client, account, { name: 'Visible to the key' })
    const list = await client.get('/v1/campaigns').bearerToken(key)
    list.assertStatus(200)
    assert.lengthOf(list.body().data, 1)
    const write = await client.post('/v1/campaigns').bearerToken(key).json({ name: 'Nope' })
    write.assertStatus(403)
    assert.match(write.body().detail, /campaigns:write/)
  })

  test('viewers read campaigns but get 403 on writes; members write', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'campteam')
    const viewer = await registerAccount(client, 'campviewer')
    const member = await registerAccount(client, 'campmember')
    const workspace = await createWorkspace(client, owner)
    await addMember(client, owner, workspace.id, viewer, 'viewer')
    await addMember(client, owner, workspace.id, member, 'member')
    const created = await client
      .post('/v1/campaigns')
      .bearerToken(member.token)
      .header('x-workspace-id', workspace.id)
      .json({ name: 'Team campaign' })
    created.assertStatus(201)
    const id = created.body().id
    const read = await client
      .get(`/v1/campaigns/${id}`)
      .bearerToken(viewer.token)
      .header('x-workspace-id', workspace.id)
    read.assertStatus(200)
    const writes = [
      client.post('/v1/campaigns').json({ name: 'Viewer campaign' }),
      client.patch(`/v1/campaigns/${id}`).json({ status: 'active' }),
      client.delete(`/v1/campaigns/${id}`),
      client.post(`/v1/campaigns/${id}/tasks`).json({ title: 'x' }),
      client
        .post(`/v1/campaigns/${id}/metrics`)
        .json({ metrics: [{ metric_type: 'clicks', metric_value: 1, metric_date: '2026-01-01' }] }),
      client.post(`/v1/campaigns/${id}/content`).json({ content_type: 'email' }),
    ]
    for (const request of writes) {
      const response = await request
        .bearerToken(viewer.token)
        .header('x-workspace-id', workspace.id)
      response.assertStatus(403)
      await assertMatchesSpec(response)
    }
    const after = await client
      .get(`/v1/campaigns/${id}`)
      .bearerToken(owner.token)
      .header('x-workspace-id', workspace.id)
    assert.equal(after.body().status, 'draft')
  })
})
