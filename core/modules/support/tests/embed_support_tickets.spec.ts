import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import { addMember, createWorkspace, registerAccount } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { createEmbedKey, createEmbedSecretKey, mintSessionToken } from '#tests/helpers/embed'
import { serviceRows } from '#tests/helpers/service_rows'

const SHOP = 'https://shop.example.test'
const ROUTE = '/v1/embed/support/tickets'

const ticket = (extra: Record<string, unknown> = {}) => ({
  name: 'Ada Visitor',
  email: 'ada@example.test',
  subject: 'Where is my order?',
  message: 'Order 1234 has not arrived yet.',
  ...extra,
})

function submit(client: ApiClient, key: string, body: Record<string, unknown>, origin = SHOP) {
  return client.post(ROUTE).header('origin', origin).header('x-embed-key', key).json(body)
}

async function ticketsOf(workspaceId: string) {
  return serviceRows('select * from support_tickets where workspace_id = ? order by created_at', [
    workspaceId,
  ])
}

async function createdEvents(workspaceId: string) {
  return serviceRows(
    `select payload from webhook_events where workspace_id = ? and event_type = 'support.ticket_created'`,
    [workspaceId]
  )
}

test.group('Embed support tickets (POST /v1/embed/support/tickets)', () => {
  test('a key with support:submit files a ticket from an allowed origin; admins see it', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'embedsupowner')
    const admin = await registerAccount(client, 'embedsupadmin')
    const member = await registerAccount(client, 'embedsupmember')
    const workspace = await createWorkspace(client, owner)
    await addMember(client, owner, workspace.id, admin, 'admin')
    await addMember(client, owner, workspace.id, member, 'member')
    const key = await createEmbedKey(client, owner, workspace.id, {
      capabilities: ['support:submit'],
    })

    const response = await submit(client, key.public_key, ticket())
    response.assertStatus(202)
    await assertMatchesSpec(response)
    assert.deepEqual(response.body(), { status: 'received' })
    assert.equal(response.header('access-control-allow-origin'), SHOP)

    const rows = await ticketsOf(workspace.id)
    assert.lengthOf(rows, 1)
    assert.isNull(rows[0].user_id)
    assert.equal(rows[0].email, 'ada@example.test')
    assert.equal(rows[0].subject, 'Where is my order?')
    assert.equal(rows[0].status, 'open')

    const events = await createdEvents(workspace.id)
    assert.lengthOf(events, 1)
    assert.deepEqual(events[0].payload, {
      ticket_id: rows[0].id,
      user_id: null,
      anonymous: true,
      status: 'open',
      priority: 'normal',
    })

    const listed = await client
      .get('/v1/support/tickets')
      .bearerToken(admin.token)
      .header('x-workspace-id', workspace.id)
    listed.assertStatus(200)
    assert.deepEqual(
      listed.body().data.map((row: { id: string }) => row.id),
      [rows[0].id]
    )
    const shown = await client
      .get(`/v1/support/tickets/${rows[0].id}`)
      .bearerToken(admin.token)
      .header('x-workspace-id', workspace.id)
    shown.assertStatus(200)
    assert.equal(shown.body().message, 'Order 1234 has not arrived yet.')
    // Plain members see only their own tickets, not the visitor's.
    const memberList = await client
      .get('/v1/support/tickets')
      .bearerToken(member.token)
      .header('x-workspace-id', workspace.id)
    assert.lengthOf(memberList.body().data, 0)

    const preflight = await client
      .options(`${ROUTE}?key=${key.public_key}`)
      .header('origin', SHOP)
      .header('access-control-request-method', 'POST')
      .header('access-control-request-headers', 'content-type, x-embed-key')
    preflight.assertStatus(204)
    assert.equal(preflight.header('access-control-allow-origin'), SHOP)
    assert.include(preflight.header('access-control-allow-methods'), 'POST')
  })

  test('refused origins, missing keys and keys without support:submit store nothing', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'embedsuprefuse')
    const workspace = await createWorkspace(client, owner)
    const key = await createEmbedKey(client, owner, workspace.id, {
      capabilities: ['support:submit'],
    })

    const evil = await submit(client, key.public_key, ticket(), 'https://evil.example.test')
    evil.assertStatus(403)
    await assertMatchesSpec(evil)
    assert.isUndefined(evil.header('access-control-allow-origin'))
    const evilPreflight = await client
      .options(`${ROUTE}?key=${key.public_key}`)
      .header('origin', 'https://evil.example.test')
      .header('access-control-request-method', 'POST')
    evilPreflight.assertStatus(403)

    const noKey = await client.post(ROUTE).header('origin', SHOP).json(ticket())
    noKey.assertStatus(401)
    await assertMatchesSpec(noKey)

    // A key carrying another capability only: the API offers none besides
    // support:submit when no plugin is enabled, so the key is given one the
    // way a key made while the leads plugin was on keeps it.
    const narrow = await createEmbedKey(client, owner, workspace.id)
    await serviceRows(`update embed_keys set capabilities = '{leads:submit}' where id = ?`, [
      narrow.id,
    ])
    const lacking = await submit(client, narrow.public_key, ticket())
    lacking.assertStatus(403)
    await assertMatchesSpec(lacking)
    assert.include(lacking.body().detail, 'support:submit')

    await client
      .delete(`/v1/embed/keys/${key.id}`)
      .bearerToken(owner.token)
      .header('x-workspace-id', workspace.id)
    const revoked = await submit(client, key.public_key, ticket())
    revoked.assertStatus(401)

    assert.lengthOf(await ticketsOf(workspace.id), 0)
    assert.lengthOf(await createdEvents(workspace.id), 0)
  })

  test('a filled honeypot answers the same 202 and stores nothing; invalid input is 422', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'embedsuphoney')
    const workspace = await createWorkspace(client, owner)
    const key = await createEmbedKey(client, owner, workspace.id, {
      capabilities: ['support:submit'],
    })

    const honeypot = await submit(client, key.public_key, ticket({ website_url: 'http://spam' }))
    honeypot.assertStatus(202)
    assert.deepEqual(honeypot.body(), { status: 'received' })

    for (const [body, field] of [
      [ticket({ email: 'not-an-email' }), 'email'],
      [ticket({ subject: '' }), 'subject'],
      [ticket({ message: 'x'.repeat(20001) }), 'message'],
      [{ email: 'a@example.test', subject: 's', message: 'm' }, 'name'],
    ] as const) {
      const response = await submit(client, key.public_key, body)
      response.assertStatus(422)
      await assertMatchesSpec(response)
      assert.include(
        response.body().errors.map((error: { field: string }) => error.field),
        field
      )
      assert.equal(response.header('access-control-allow-origin'), SHOP)
    }

    assert.lengthOf(await ticketsOf(workspace.id), 0)
    assert.lengthOf(await createdEvents(workspace.id), 0)
  })

  test("the ticket lands only in the key's workspace, whatever the body says", async ({
    client,
    assert,
  }) => {
    const alice = await registerAccount(client, 'embedsupalice')
    const mallory = await registerAccount(client, 'embedsupmallory')
    const aliceWorkspace = await createWorkspace(client, alice)
    const malloryWorkspace = await createWorkspace(client, mallory)
    const malloryKey = await createEmbedKey(client, mallory, malloryWorkspace.id, {
      capabilities: ['support:submit'],
    })

    // workspace_id is not part of the embed body: it is dropped, the key decides.
    const response = await submit(
      client,
      malloryKey.public_key,
      ticket({ workspace_id: aliceWorkspace.id })
    )
    response.assertStatus(202)
    assert.lengthOf(await ticketsOf(aliceWorkspace.id), 0)
    const stored = await ticketsOf(malloryWorkspace.id)
    assert.lengthOf(stored, 1)

    const aliceList = await client
      .get('/v1/support/tickets')
      .bearerToken(alice.token)
      .header('x-workspace-id', aliceWorkspace.id)
    assert.lengthOf(aliceList.body().data, 0)
    const foreign = await client
      .get(`/v1/support/tickets/${stored[0].id}`)
      .bearerToken(alice.token)
      .header('x-workspace-id', aliceWorkspace.id)
    foreign.assertStatus(404)
    const crossHeader = await client
      .get('/v1/support/tickets')
      .bearerToken(alice.token)
      .header('x-workspace-id', malloryWorkspace.id)
    crossHeader.assertStatus(404)
  })

  test('with an embed session the ticket is filed under the verified identity; a forged or foreign token is refused', async ({
    client,
    assert,
  }) => {
    const admin = await registerAccount(client, 'supportsession')
    const workspace = await createWorkspace(client, admin)
    const key = await createEmbedKey(client, admin, workspace.id, { allowed_origins: [SHOP] })
    const secret = await createEmbedSecretKey(client, admin, workspace.id)
    const token = await mintSessionToken(secret, {
      sub: 'user-42',
      name: 'Grace Customer',
      email: 'grace@example.test',
    })
    const sessionTicket = await submit(
      client,
      key.public_key,
      ticket({ name: 'Someone Else', email: 'spoof@example.test' })
    ).bearerToken(token)
    sessionTicket.assertStatus(202)
    const [stored] = await ticketsOf(workspace.id)
    assert.equal(stored.email, 'grace@example.test')
    assert.equal(stored.name, 'Grace Customer')

    // Signed with another secret: refused, nothing stored.
    const forged = await mintSessionToken(
      secret,
      { sub: 'user-42' },
      'not-the-secret-at-all-0123456789'
    )
    const refused = await submit(client, key.public_key, ticket()).bearerToken(forged)
    refused.assertStatus(401)
    // A token of another workspace's secret key does not work with this key.
    const other = await createWorkspace(client, admin)
    const otherSecret = await createEmbedSecretKey(client, admin, other.id)
    const foreign = await mintSessionToken(otherSecret, { sub: 'user-42' })
    const foreignAnswer = await submit(client, key.public_key, ticket()).bearerToken(foreign)
    foreignAnswer.assertStatus(401)
    assert.lengthOf(await ticketsOf(workspace.id), 1)
    assert.lengthOf(await ticketsOf(other.id), 0)
  })
})
