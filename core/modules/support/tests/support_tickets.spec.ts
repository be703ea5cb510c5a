import { randomUUID } from 'node:crypto'
import { test } from '@japa/runner'
import { serviceRows } from '#tests/helpers/service_rows'
import type { ApiClient, ApiRequest } from '@japa/api-client'
import { withAnonymous, rawQuery } from '#sdk'
import support from '../support_config.js'
import {
  addMember,
  createWorkspace,
  registerAccount,
  type TestAccount,
  createApiKey,
} from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'

const ticket = (workspaceId: string, extra: Record<string, unknown> = {}) => ({
  workspace_id: workspaceId,
  name: 'Ada Visitor',
  email: 'ada@example.test',
  subject: 'Cannot log in',
  message: 'The login form says my password is wrong.',
  ...extra,
})

async function ticketsOf(workspaceId: string) {
  return serviceRows(
    'select * from support_tickets where workspace_id = ? order by created_at, id',
    [workspaceId]
  )
}

/** A workspace with an owner, an admin and two plain members. */
async function desk(client: ApiClient) {
  const owner = await registerAccount(client, 'deskowner')
  const admin = await registerAccount(client, 'deskadmin')
  const alice = await registerAccount(client, 'alice')
  const bob = await registerAccount(client, 'bob')
  const workspace = await createWorkspace(client, owner)
  await addMember(client, owner, workspace.id, admin, 'admin')
  await addMember(client, owner, workspace.id, alice, 'member')
  await addMember(client, owner, workspace.id, bob, 'viewer')
  const as = (account: TestAccount) => (request: ApiRequest) =>
    request.bearerToken(account.token).header('x-workspace-id', workspace.id)
  return { owner, admin, alice, bob, workspace, as }
}

test.group('Support tickets / anonymous', () => {
  test('an anonymous ticket is stored in the named workspace and answers 202', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'anonowner')
    const workspace = await createWorkspace(client, owner)
    const response = await client.post('/v1/support/tickets/public').json(ticket(workspace.id))
    response.assertStatus(202)
    await assertMatchesSpec(response)
    assert.deepEqual(response.body(), { status: 'received' })
    const rows = await ticketsOf(workspace.id)
    assert.lengthOf(rows, 1)
    assert.isNull(rows[0].user_id)
    assert.equal(rows[0].status, 'open')
    assert.equal(rows[0].priority, 'normal')
    assert.equal(rows[0].email, 'ada@example.test')

    const list = await client
      .get('/v1/support/tickets')
      .bearerToken(owner.token)
      .header('x-workspace-id', workspace.id)
    assert.equal(list.body().data[0].id, rows[0].id)
  })

  test('a filled honeypot answers the same 202 and stores nothing', async ({ client, assert }) => {
    const owner = await registerAccount(client, 'honeyowner')
    const workspace = await createWorkspace(client, owner)
    const response = await client
      .post('/v1/support/tickets/public')
      .json(ticket(workspace.id, { website_url: 'http://spam.invalid' }))
    response.assertStatus(202)
    assert.deepEqual(response.body(), { status: 'received' })
    assert.lengthOf(await ticketsOf(workspace.id), 0)
  })

  test('an unknown workspace is 404; invalid input is 422; nothing is stored', async ({
    client,
    assert,
  }) => {
    const unknown = await client.post('/v1/support/tickets/public').json(ticket(randomUUID()))
    unknown.assertStatus(404)
    await assertMatchesSpec(unknown)
    assert.notInclude(unknown.text(), 'foreign key')

    const owner = await registerAccount(client, 'badanon')
    const workspace = await createWorkspace(client, owner)
    for (const [body, field] of [
      [ticket(workspace.id, { email: 'not-an-email' }), 'email'],
      [ticket(workspace.id, { subject: '   ' }), 'subject'],
      [ticket(workspace.id, { message: 'x'.repeat(20001) }), 'message'],
      [ticket('not-a-uuid'), 'workspace_id'],
      [{ ...ticket(workspace.id), name: undefined }, 'name'],
    ] as const) {
      const response = await client.post('/v1/support/tickets/public').json(body)
      response.assertStatus(422)
      await assertMatchesSpec(response)
      assert.equal(response.body().errors[0].field, field)
    }
    assert.lengthOf(await ticketsOf(workspace.id), 0)
  })

  test('anonymous tickets are rate limited per IP and workspace', async ({ client, assert }) => {
    const owner = await registerAccount(client, 'limitowner')
    const workspace = await createWorkspace(client, owner)
    const other = await createWorkspace(client, owner)
    const statuses: number[] = []
    for (let index = 0; index <= support.publicTicketsPerHour; index++) {
      const response = await client.post('/v1/support/tickets/public').json(ticket(workspace.id))
      statuses.push(response.status())
    }
    assert.deepEqual(
      statuses,
      [...Array(support.publicTicketsPerHour).fill(202), 429],
      'the request over the limit is refused'
    )
    const blocked = await client.post('/v1/support/tickets/public').json(ticket(workspace.id))
    blocked.assertStatus(429)
    await assertMatchesSpec(blocked)
    assert.isAbove(Number(blocked.header('retry-after')), 0)
    assert.lengthOf(await ticketsOf(workspace.id), support.publicTicketsPerHour)
    // Another workspace has its own budget.
    ;(await client.post('/v1/support/tickets/public').json(ticket(other.id))).assertStatus(202)
  })

  test('app_anon can only add open, untriaged tickets to its own workspace and read none', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'anonrls')
    const workspace = await createWorkspace(client, owner)
    const other = await createWorkspace(client, owner)
    const insert = (values: Record<string, unknown>, into = workspace.id) =>
      withAnonymous(workspace.id, ({ trx }) =>
        rawQuery(
          trx,
          `insert into support_tickets (workspace_id, user_id, email, name, subject, message, status, priority, admin_notes)
           values (?, ?, 'a@b.co', 'n', 's', 'm', ?, ?, ?)`,
          [
            into,
            (values.user_id as string) ?? null,
            (values.status as string) ?? 'open',
            (values.priority as string) ?? 'normal',
            (values.admin_notes as string) ?? null,
          ]
        )
      )
    await insert({})
    for (const [values, into] of [
      [{}, other.id],
      [{ user_id: owner.id }, workspace.id],
      [{ status: 'resolved' }, workspace.id],
      [{ priority: 'urgent' }, workspace.id],
      [{ admin_notes: 'planted' }, workspace.id],
    ] as const) {
      await assert.rejects(() => insert(values, into), /row-level security/)
    }
    await assert.rejects(
      () =>
        withAnonymous(workspace.id, ({ trx }) => rawQuery(trx, 'select * from support_tickets')),
      /permission denied/
    )
    await assert.rejects(
      () =>
        withAnonymous(workspace.id, ({ trx }) =>
          rawQuery(trx, "update support_tickets set status = 'closed'")
        ),
      /permission denied/
    )
    assert.lengthOf(await ticketsOf(workspace.id), 1)
    assert.lengthOf(await ticketsOf(other.id), 0)
  })
})

test.group('Support tickets / members and admins', () => {
  test('members file tickets and see only their own, never admin notes', async ({
    client,
    assert,
  }) => {
    const { alice, bob, admin, workspace, as } = await desk(client)
    const created = await as(alice)(client.post('/v1/support/tickets')).json({
      subject: 'Export fails',
      message: 'CSV export returns an empty file.',
    })
    created.assertStatus(201)
    await assertMatchesSpec(created)
    assert.equal(created.body().user_id, alice.id)
    assert.equal(created.body().email, alice.email)
    assert.equal(created.body().name, 'alice')
    assert.notProperty(created.body(), 'admin_notes')
    const bobs = await as(bob)(client.post('/v1/support/tickets')).json({
      subject: 'Question',
      message: 'How do I invite people?',
      name: 'Bob B.',
      email: 'bob.other@example.test',
    })
    bobs.assertStatus(201)
    assert.equal(bobs.body().email, 'bob.other@example.test')

    const triaged = await as(admin)(client.patch(`/v1/support/tickets/${created.body().id}`)).json({
      status: 'in_progress',
      priority: 'high',
      admin_notes: 'Customer is on the legacy plan',
    })
    triaged.assertStatus(200)
    await assertMatchesSpec(triaged)
    assert.equal(triaged.body().admin_notes, 'Customer is on the legacy plan')

    const aliceList = await as(alice)(client.get('/v1/support/tickets'))
    aliceList.assertStatus(200)
    await assertMatchesSpec(aliceList)
    assert.deepEqual(
      aliceList.body().data.map((row: { id: string }) => row.id),
      [created.body().id]
    )
    assert.notInclude(aliceList.text(), 'legacy plan')
    assert.notProperty(aliceList.body().data[0], 'admin_notes')
    assert.equal(aliceList.body().data[0].priority, 'high')
    const aliceShow = await as(alice)(client.get(`/v1/support/tickets/${created.body().id}`))
    aliceShow.assertStatus(200)
    await assertMatchesSpec(aliceShow)
    assert.notProperty(aliceShow.body(), 'admin_notes')
    assert.equal(aliceShow.body().status, 'in_progress')

    // Bob cannot see Alice's ticket, and members cannot triage, even their own.
    ;(await as(bob)(client.get(`/v1/support/tickets/${created.body().id}`))).assertStatus(404)
    const selfTriage = await as(alice)(
      client.patch(`/v1/support/tickets/${created.body().id}`)
    ).json({ status: 'closed' })
    selfTriage.assertStatus(403)
    await assertMatchesSpec(selfTriage)

    const adminList = await as(admin)(client.get('/v1/support/tickets'))
    assert.lengthOf(adminList.body().data, 2)
    assert.property(adminList.body().data[0], 'admin_notes')
    void workspace
  })

  test('resolved_at is set when resolved and cleared when reopened', async ({ client, assert }) => {
    const { alice, owner, as } = await desk(client)
    const created = await as(alice)(client.post('/v1/support/tickets')).json({
      subject: 'Bug',
      message: 'Something broke.',
    })
    const id = created.body().id
    assert.isNull(created.body().resolved_at)
    const resolved = await as(owner)(client.patch(`/v1/support/tickets/${id}`)).json({
      status: 'resolved',
    })
    resolved.assertStatus(200)
    assert.isNotNull(resolved.body().resolved_at)
    const notes = await as(owner)(client.patch(`/v1/support/tickets/${id}`)).json({
      admin_notes: 'Fixed in 1.2',
    })
    assert.equal(notes.body().resolved_at, resolved.body().resolved_at, 'kept while resolved')
    const closed = await as(owner)(client.patch(`/v1/support/tickets/${id}`)).json({
      status: 'closed',
    })
    assert.equal(closed.body().resolved_at, resolved.body().resolved_at, 'kept when closed')
    const reopened = await as(owner)(client.patch(`/v1/support/tickets/${id}`)).json({
      status: 'open',
      admin_notes: null,
    })
    assert.isNull(reopened.body().resolved_at)
    assert.isNull(reopened.body().admin_notes)
  })

  test('admins filter and page through the workspace tickets', async ({ client, assert }) => {
    const { alice, bob, admin, workspace, as } = await desk(client)
    for (let index = 0; index < 3; index++) {
      await as(alice)(client.post('/v1/support/tickets')).json({
        subject: `A${index}`,
        message: 'm',
      })
    }
    await as(bob)(client.post('/v1/support/tickets')).json({ subject: 'B', message: 'm' })
    await client.post('/v1/support/tickets/public').json(ticket(workspace.id))
    const all = await as(admin)(client.get('/v1/support/tickets'))
    assert.lengthOf(all.body().data, 5)
    const firstId = all.body().data[4].id
    await as(admin)(client.patch(`/v1/support/tickets/${firstId}`)).json({
      status: 'resolved',
      priority: 'urgent',
    })

    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: any = await as(admin)(client.get('/v1/support/tickets')).qs({
        limit: 2,
        ...(cursor ? { cursor } : {}),
      })
      page.assertStatus(200)
      seen.push(...page.body().data.map((row: { id: string }) => row.id))
      cursor = page.body().next_cursor
    } while (cursor)
    assert.deepEqual(
      seen,
      all.body().data.map((row: { id: string }) => row.id)
    )

    const byStatus = await as(admin)(client.get('/v1/support/tickets')).qs({ status: 'resolved' })
    assert.deepEqual(
      byStatus.body().data.map((row: { id: string }) => row.id),
      [firstId]
    )
    const urgent = await as(admin)(client.get('/v1/support/tickets')).qs({ priority: 'urgent' })
    assert.lengthOf(urgent.body().data, 1)
    const alices = await as(admin)(client.get('/v1/support/tickets')).qs({ user_id: alice.id })
    assert.lengthOf(alices.body().data, 3)
    const anonymous = await as(admin)(client.get('/v1/support/tickets')).qs({ anonymous: true })
    assert.lengthOf(anonymous.body().data, 1)
    const future = await as(admin)(client.get('/v1/support/tickets')).qs({
      created_after: '2999-01-01T00:00:00Z',
    })
    assert.lengthOf(future.body().data, 0)
    const past = await as(admin)(client.get('/v1/support/tickets')).qs({
      created_before: '2999-01-01T00:00:00Z',
    })
    assert.lengthOf(past.body().data, 5)
    // Members' filters never widen what they see.
    const aliceAll = await as(alice)(client.get('/v1/support/tickets')).qs({ user_id: bob.id })
    assert.lengthOf(aliceAll.body().data, 0)

    for (const qs of [
      { status: 'lost' },
      { priority: 'p0' },
      { created_after: '2026-02-31T00:00:00Z' },
      { created_after: 'yesterday' },
      { cursor: 'garbage' },
    ]) {
      const bad = await as(admin)(client.get('/v1/support/tickets')).qs(qs)
      bad.assertStatus(422)
      await assertMatchesSpec(bad)
    }
    const badTriage = await as(admin)(client.patch(`/v1/support/tickets/${firstId}`)).json({
      status: 'done',
    })
    badTriage.assertStatus(422)
  })

  test('another workspace cannot see or triage tickets (404); API keys need support scopes', async ({
    client,
    assert,
  }) => {
    const { alice, owner, workspace, as } = await desk(client)
    const created = await as(alice)(client.post('/v1/support/tickets')).json({
      subject: 'S',
      message: 'M',
    })
    const id = created.body().id
    const stranger = await registerAccount(client, 'deskstranger')
    const asStranger = (request: ApiRequest) =>
      request.bearerToken(stranger.token).header('x-workspace-id', workspace.id)
    ;(await asStranger(client.get('/v1/support/tickets'))).assertStatus(404)
    ;(await asStranger(client.get(`/v1/support/tickets/${id}`))).assertStatus(404)
    ;(
      await asStranger(client.patch(`/v1/support/tickets/${id}`)).json({ status: 'closed' })
    ).assertStatus(404)
    ;(
      await asStranger(client.post('/v1/support/tickets')).json({ subject: 's', message: 'm' })
    ).assertStatus(404)

    // An admin of their own workspace asking for this ticket there: 404.
    const own = await client.get(`/v1/support/tickets/${id}`).bearerToken(stranger.token)
    own.assertStatus(404)
    const ownPatch = await client
      .patch(`/v1/support/tickets/${id}`)
      .bearerToken(stranger.token)
      .json({ status: 'closed' })
    ownPatch.assertStatus(404)
    assert.equal((await ticketsOf(workspace.id))[0].status, 'open')

    const key = (scopes: string[]) => createApiKey(client, owner, workspace.id, scopes)
    const reader = await key(['support:read'])
    const writer = await key(['support:write'])
    const list = await client.get('/v1/support/tickets').bearerToken(reader)
    list.assertStatus(200)
    assert.lengthOf(list.body().data, 1, 'the owner key sees the workspace tickets')
    ;(
      await client.patch(`/v1/support/tickets/${id}`).bearerToken(reader).json({ status: 'closed' })
    ).assertStatus(403)
    const triaged = await client
      .patch(`/v1/support/tickets/${id}`)
      .bearerToken(writer)
      .json({ status: 'closed' })
    triaged.assertStatus(200)
    ;(
      await client.get('/v1/support/tickets').bearerToken(await key(['secrets:read']))
    ).assertStatus(403)
  })
})
