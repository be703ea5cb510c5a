import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import { createWorkspace, registerAccount } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { createEmbedKey, createEmbedSecretKey, mintSessionToken } from '#tests/helpers/embed'
import { serviceRows } from '#tests/helpers/service_rows'

const SHOP = 'https://shop.example.test'
const ROUTE = '/v1/embed/support/tickets'

const ticket = (extra: Record<string, unknown> = {}) => ({
  subject: 'Invoice question',
  message: 'Why was I charged twice?',
  ...extra,
})

/** A workspace with a support key, a secret key and a token minter. */
async function embedWorkspace(client: ApiClient, prefix: string) {
  const owner = await registerAccount(client, `${prefix}owner`)
  const workspace = await createWorkspace(client, owner)
  const key = await createEmbedKey(client, owner, workspace.id, {
    capabilities: ['support:submit'],
  })
  const secret = await createEmbedSecretKey(client, owner, workspace.id)
  const token = (sub: string, extra: Record<string, string> = {}) =>
    mintSessionToken(secret, {
      sub,
      name: `${sub} Host`,
      email: `${sub}@example.test`,
      scope: 'support:read',
      ...extra,
    })
  return { owner, workspace, key, secret, token }
}

function widget(client: ApiClient, publicKey: string, token?: string) {
  const headers = (request: ReturnType<ApiClient['get']>) => {
    request.header('origin', SHOP).header('x-embed-key', publicKey)
    if (token) request.header('authorization', `Bearer ${token}`)
    return request
  }
  return {
    get: (path: string) => headers(client.get(path)),
    post: (path: string) => headers(client.post(path)),
  }
}

test.group('Embed support tickets with an end-user session', () => {
  test('a session ticket is linked to the end user, named from the token; they list and read their own', async ({
    client,
    assert,
  }) => {
    const { owner, workspace, key, token } = await embedWorkspace(client, 'esupses')
    const ada = widget(client, key.public_key, await token('ada'))
    // The token's name and e-mail win over the body's.
    const filed = await ada.post(ROUTE).json(ticket({ name: 'Someone', email: 'x@example.test' }))
    filed.assertStatus(202)
    await assertMatchesSpec(filed)
    await ada.post(ROUTE).json(ticket({ subject: 'Second question' }))

    const rows = await serviceRows(
      `select t.name, t.email, t.user_id, u.external_id from support_tickets t
        join embed_end_users u on u.id = t.end_user_id where t.workspace_id = ? order by t.created_at`,
      [workspace.id]
    )
    assert.deepEqual(rows[0], {
      name: 'ada Host',
      email: 'ada@example.test',
      user_id: null,
      external_id: 'ada',
    })
    assert.lengthOf(rows, 2)

    const listed = await ada.get(ROUTE)
    listed.assertStatus(200)
    await assertMatchesSpec(listed)
    assert.deepEqual(
      listed.body().data.map((row: { subject: string }) => row.subject),
      ['Second question', 'Invoice question']
    )
    assert.notProperty(listed.body().data[0], 'admin_notes')
    const one = await ada.get(`${ROUTE}/${listed.body().data[0].id}`)
    one.assertStatus(200)
    await assertMatchesSpec(one)
    assert.equal(one.body().subject, 'Second question')

    // Admins triage it with internal notes; the end user never sees the notes.
    const triaged = await client
      .patch(`/v1/support/tickets/${one.body().id}`)
      .bearerToken(owner.token)
      .header('x-workspace-id', workspace.id)
      .json({ status: 'in_progress', admin_notes: 'Refund pending' })
    triaged.assertStatus(200)
    const after = await ada.get(`${ROUTE}/${one.body().id}`)
    assert.equal(after.body().status, 'in_progress')
    assert.notProperty(after.body(), 'admin_notes')
    assert.notInclude(after.text(), 'Refund pending')
    const open = await ada.get(`${ROUTE}?status=open`)
    assert.lengthOf(open.body().data, 1)
  })

  test("end user B sees none of A's tickets; anonymous tickets stay anonymous", async ({
    client,
    assert,
  }) => {
    const { key, token } = await embedWorkspace(client, 'esupab')
    const ada = widget(client, key.public_key, await token('ada'))
    const bob = widget(client, key.public_key, await token('bob'))
    await ada.post(ROUTE).json(ticket())
    // Without a session: the anonymous form, name and e-mail required.
    const anonymous = widget(client, key.public_key)
    ;(await anonymous.post(ROUTE).json(ticket())).assertStatus(422)
    ;(
      await anonymous.post(ROUTE).json(ticket({ name: 'Visitor', email: 'visitor@example.test' }))
    ).assertStatus(202)

    const adaTicket = (await ada.get(ROUTE)).body().data[0]
    assert.lengthOf((await bob.get(ROUTE)).body().data, 0)
    ;(await bob.get(`${ROUTE}/${adaTicket.id}`)).assertStatus(404)
    assert.lengthOf((await ada.get(ROUTE)).body().data, 1)
    // Listing needs a session with support:read.
    ;(await anonymous.get(ROUTE)).assertStatus(401)
    const chatOnly = widget(client, key.public_key, await token('ada', { scope: 'chat' }))
    const refused = await chatOnly.get(ROUTE)
    refused.assertStatus(403)
    assert.match(refused.body().detail, /^insufficient scope:/)
    // Filing needs no scope beyond a valid session.
    ;(await chatOnly.post(ROUTE).json(ticket())).assertStatus(202)
  })

  test('a token without name or e-mail takes them from the body; an invalid token is refused', async ({
    client,
    assert,
  }) => {
    const { key, secret } = await embedWorkspace(client, 'esupnoname')
    const bare = widget(client, key.public_key, await mintSessionToken(secret, { sub: 'carl' }))
    const missing = await bare.post(ROUTE).json(ticket())
    missing.assertStatus(422)
    ;(
      await bare.post(ROUTE).json(ticket({ name: 'Carl', email: 'carl@example.test' }))
    ).assertStatus(202)
    const forged = widget(
      client,
      key.public_key,
      await mintSessionToken(secret, { sub: 'carl' }, 'sk_' + 'y'.repeat(43))
    )
    const refused = await forged.post(ROUTE).json(ticket({ name: 'C', email: 'c@example.test' }))
    refused.assertStatus(401)
    assert.match(refused.body().detail, /^invalid signature:/)
  })

  test('another workspace: its key and its own end user reach none of these tickets', async ({
    client,
    assert,
  }) => {
    const a = await embedWorkspace(client, 'esupxa')
    const b = await embedWorkspace(client, 'esupxb')
    await widget(client, a.key.public_key, await a.token('ada'))
      .post(ROUTE)
      .json(ticket())
    const adaTicket = (
      await widget(client, a.key.public_key, await a.token('ada')).get(ROUTE)
    ).body().data[0]
    ;(await widget(client, b.key.public_key, await a.token('ada')).get(ROUTE)).assertStatus(401)
    const bAda = widget(client, b.key.public_key, await b.token('ada'))
    assert.lengthOf((await bAda.get(ROUTE)).body().data, 0)
    ;(await bAda.get(`${ROUTE}/${adaTicket.id}`)).assertStatus(404)
  })

  test('erasing the end user keeps the ticket for the workspace without the person', async ({
    client,
    assert,
  }) => {
    const { owner, workspace, key, token } = await embedWorkspace(client, 'esuperase')
    const ada = widget(client, key.public_key, await token('ada'))
    await ada.post(ROUTE).json(ticket())
    const endUser = (
      await client
        .get('/v1/embed/end-users')
        .bearerToken(owner.token)
        .header('x-workspace-id', workspace.id)
    ).body().data[0]
    ;(
      await client
        .delete(`/v1/embed/end-users/${endUser.id}`)
        .bearerToken(owner.token)
        .header('x-workspace-id', workspace.id)
    ).assertStatus(204)
    const rows = await serviceRows(
      'select name, email, message, end_user_id, subject from support_tickets where workspace_id = ?',
      [workspace.id]
    )
    assert.deepEqual(rows, [
      { name: null, email: null, message: null, end_user_id: null, subject: 'Invoice question' },
    ])
  })
})
