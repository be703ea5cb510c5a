import { test } from '@japa/runner'
import { serviceRows } from '#tests/helpers/service_rows'
import type { ApiRequest } from '@japa/api-client'
import { rawQuery } from '#sdk'
import {
  addMember,
  createWorkspace,
  registerAccount,
  type TestAccount,
  createApiKey,
} from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'

async function storedEvents(account: TestAccount, workspaceId = account.personalWorkspaceId) {
  return serviceRows(
    'select * from user_analytics_events where user_id = ? and workspace_id = ? order by created_at, id',
    [account.id, workspaceId]
  )
}

test.group('Analytics events / ingestion', () => {
  test('a mixed batch stores the valid events in one go and reports each rejected one by index', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'events')
    const past = new Date(Date.now() - 3_600_000).toISOString()
    const response = await client
      .post('/v1/analytics/events')
      .bearerToken(account.token)
      .json({
        events: [
          { event_type: 'form_field_focus', event_data: { field: 'email' } },
          { event_type: 'bad type!', event_data: {} },
          { event_type: 'form_submit', created_at: past },
          'not an object',
          { event_type: 'x', event_data: 'text' },
          { event_type: 'x', created_at: '2026-02-31T00:00:00Z' },
          { event_type: 'x', created_at: '2999-01-01T00:00:00Z' },
          { event_type: 'x', event_data: { blob: 'y'.repeat(17_000) } },
          { event_type: 'x', event_data: { nul: 'a\u0000b' } },
          { event_data: {} },
        ],
      })
    response.assertStatus(200)
    await assertMatchesSpec(response)
    const body = response.body()
    assert.equal(body.accepted_count, 2)
    assert.equal(body.rejected_count, 8)
    assert.deepEqual(
      body.accepted.map((item: { index: number }) => item.index),
      [0, 2]
    )
    const reasons = Object.fromEntries(
      body.rejected.map((item: { index: number; errors: { field: string; rule: string }[] }) => [
        item.index,
        `${item.errors[0].field}:${item.errors[0].rule}`,
      ])
    )
    assert.deepEqual(reasons, {
      1: 'event_type:regex',
      3: 'event:object',
      4: 'event_data:object',
      5: 'created_at:timestamp',
      6: 'created_at:range',
      7: 'event_data:maxSize',
      8: 'event_data:nul',
      9: 'event_type:required',
    })

    const rows = await storedEvents(account)
    assert.lengthOf(rows, 2)
    assert.sameMembers(
      rows.map((row) => row.id),
      body.accepted.map((item: { id: string }) => item.id)
    )
    const submit = rows.find((row) => row.event_type === 'form_submit')
    assert.equal(new Date(submit.created_at).toISOString(), past, 'created_at kept from the client')
    const focus = rows.find((row) => row.event_type === 'form_field_focus')
    assert.deepEqual(focus.event_data, { field: 'email' })
  })

  test('1,000 events are accepted in one request; 1,001 or a bad envelope is 422 and stores nothing', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'bulk')
    const batch = Array.from({ length: 1000 }, (_, index) => ({
      event_type: 'page_view',
      event_data: { n: index },
    }))
    const full = await client
      .post('/v1/analytics/events')
      .bearerToken(account.token)
      .json({ events: batch })
    full.assertStatus(200)
    assert.equal(full.body().accepted_count, 1000)
    assert.lengthOf(await storedEvents(account), 1000)

    const other = await registerAccount(client, 'bulk2')
    const tooMany = await client
      .post('/v1/analytics/events')
      .bearerToken(other.token)
      .json({ events: [...batch, { event_type: 'one_more' }] })
    tooMany.assertStatus(422)
    await assertMatchesSpec(tooMany)
    assert.equal(tooMany.body().errors[0].field, 'events')
    for (const body of [{}, { events: [] }, { events: 'x' }]) {
      const bad = await client.post('/v1/analytics/events').bearerToken(other.token).json(body)
      bad.assertStatus(422)
      await assertMatchesSpec(bad)
    }
    assert.lengthOf(await storedEvents(other), 0)
  })

  test('an Idempotency-Key retry does not store the batch twice', async ({ client, assert }) => {
    const account = await registerAccount(client, 'retry')
    const send = () =>
      client
        .post('/v1/analytics/events')
        .bearerToken(account.token)
        .header('idempotency-key', 'batch-42')
        .json({ events: [{ event_type: 'signup' }] })
    const first = await send()
    const second = await send()
    first.assertStatus(200)
    second.assertStatus(200)
    assert.deepEqual(second.body(), first.body())
    assert.lengthOf(await storedEvents(account), 1)
  })
})

test.group('Analytics events / reading', () => {
  test('members read their own events with filters and pagination; admins read everyone’s', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'evowner')
    const member = await registerAccount(client, 'evmember')
    const workspace = await createWorkspace(client, owner)
    await addMember(client, owner, workspace.id, member, 'member')
    const as = (account: TestAccount) => (request: ApiRequest) =>
      request.bearerToken(account.token).header('x-workspace-id', workspace.id)
    const hour = 3_600_000
    const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * hour).toISOString()
    await as(member)(client.post('/v1/analytics/events')).json({
      events: [
        { event_type: 'click', created_at: at(5) },
        { event_type: 'click', created_at: at(3) },
        { event_type: 'view', created_at: at(2) },
        { event_type: 'click', created_at: at(1) },
      ],
    })
    await as(owner)(client.post('/v1/analytics/events')).json({
      events: [{ event_type: 'click', created_at: at(4) }],
    })

    const mine = await as(member)(client.get('/v1/analytics/events'))
    mine.assertStatus(200)
    await assertMatchesSpec(mine)
    assert.lengthOf(mine.body().data, 4)
    assert.isTrue(mine.body().data.every((row: { user_id: string }) => row.user_id === member.id))
    assert.deepEqual(
      mine.body().data.map((row: { event_type: string }) => row.event_type),
      ['click', 'view', 'click', 'click'],
      'newest first'
    )
    const clicks = await as(member)(client.get('/v1/analytics/events')).qs({
      event_type: 'click',
      created_after: at(4),
      created_before: at(0.5),
    })
    assert.lengthOf(clicks.body().data, 2)
    const peek = await as(member)(client.get('/v1/analytics/events')).qs({ user_id: owner.id })
    assert.lengthOf(peek.body().data, 0, 'members cannot read others by filtering')

    const all = await as(owner)(client.get('/v1/analytics/events'))
    assert.lengthOf(all.body().data, 5)
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: any = await as(owner)(client.get('/v1/analytics/events')).qs({
        limit: 2,
        ...(cursor ? { cursor } : {}),
      })
      seen.push(...page.body().data.map((row: { id: string }) => row.id))
      cursor = page.body().next_cursor
    } while (cursor)
    assert.deepEqual(
      seen,
      all.body().data.map((row: { id: string }) => row.id)
    )
    const memberOnly = await as(owner)(client.get('/v1/analytics/events')).qs({
      user_id: member.id,
    })
    assert.lengthOf(memberOnly.body().data, 4)

    for (const qs of [
      { event_type: 'no spaces' },
      { created_after: 'last week' },
      { user_id: 'x' },
      { limit: 0 },
    ]) {
      const bad = await as(owner)(client.get('/v1/analytics/events')).qs(qs)
      bad.assertStatus(422)
      await assertMatchesSpec(bad)
    }
  })

  test('other workspaces get 404; API keys need events scopes; RLS blocks forged rows', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'evtenant')
    const stranger = await registerAccount(client, 'evstranger')
    const workspace = await createWorkspace(client, owner)
    await client
      .post('/v1/analytics/events')
      .bearerToken(owner.token)
      .header('x-workspace-id', workspace.id)
      .json({ events: [{ event_type: 'secret_event' }] })
    const asStranger = (request: ApiRequest) =>
      request.bearerToken(stranger.token).header('x-workspace-id', workspace.id)
    ;(await asStranger(client.get('/v1/analytics/events'))).assertStatus(404)
    ;(
      await asStranger(client.post('/v1/analytics/events')).json({
        events: [{ event_type: 'planted' }],
      })
    ).assertStatus(404)
    const strangerOwn = await client.get('/v1/analytics/events').bearerToken(stranger.token)
    assert.lengthOf(strangerOwn.body().data, 0)

    const key = (scopes: string[]) => createApiKey(client, owner, workspace.id, scopes)
    const writer = await key(['events:write'])
    const reader = await key(['events:read'])
    ;(
      await client
        .post('/v1/analytics/events')
        .bearerToken(writer)
        .json({ events: [{ event_type: 'from_key' }] })
    ).assertStatus(200)
    const read = await client.get('/v1/analytics/events').bearerToken(reader)
    read.assertStatus(200)
    assert.lengthOf(read.body().data, 2)
    ;(
      await client
        .post('/v1/analytics/events')
        .bearerToken(reader)
        .json({ events: [{ event_type: 'x' }] })
    ).assertStatus(403)
    ;(
      await client.get('/v1/analytics/events').bearerToken(await key(['support:read']))
    ).assertStatus(403)

    const { withTenant } = await import('#sdk')
    await assert.rejects(
      () =>
        withTenant({ userId: stranger.id, workspaceId: stranger.personalWorkspaceId }, ({ trx }) =>
          rawQuery(
            trx,
            "insert into user_analytics_events (workspace_id, user_id, event_type) values (?, ?, 'forged')",
            [workspace.id, owner.id]
          )
        ),
      /row-level security/
    )
  })
})
