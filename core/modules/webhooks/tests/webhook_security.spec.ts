import { test } from '@japa/runner'
import { runWorkerDuringGroup } from '#tests/helpers/worker'
import type { ApiRequest } from '@japa/api-client'
import { addMember, createWorkspace, registerAccount } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { startReceiver } from '#tests/helpers/webhook_receiver'
import { createWebhook, withSettings, finishedDelivery } from '#tests/helpers/webhooks'
import { addressAllowed } from '#sdk'

test.group('Webhook security', (group) => {
  group.setup(() => runWorkerDuringGroup())

  test("another workspace's webhooks and deliveries answer 404 on every route", async ({
    client,
    assert,
  }) => {
    const receiver = await startReceiver()
    try {
      const victim = await registerAccount(client, 'hookvictim')
      const { webhook } = await createWebhook(client, victim, { url: receiver.url })
      const ping = await client.post(`/v1/webhooks/${webhook.id}/ping`).bearerToken(victim.token)
      ping.assertStatus(202)
      await finishedDelivery(ping.body().id)
      const attacker = await registerAccount(client, 'hookattacker')
      const base = `/v1/webhooks/${webhook.id}`
      const delivery = `${base}/deliveries/${ping.body().id}`
      const attempts: Array<[string, (token: string) => ApiRequest]> = [
        ['show', (token) => client.get(base).bearerToken(token)],
        ['update', (token) => client.patch(base).bearerToken(token).json({ name: 'pwned' })],
        ['delete', (token) => client.delete(base).bearerToken(token)],
        ['rotate', (token) => client.post(`${base}/rotate-secret`).bearerToken(token)],
        ['ping', (token) => client.post(`${base}/ping`).bearerToken(token)],
        ['deliveries', (token) => client.get(`${base}/deliveries`).bearerToken(token)],
        ['delivery', (token) => client.get(delivery).bearerToken(token)],
        ['redeliver', (token) => client.post(`${delivery}/redeliver`).bearerToken(token)],
      ]
      for (const [name, attempt] of attempts) {
        const response = await attempt(attacker.token)
        assert.equal(response.status(), 404, `${name}: ${response.text()}`)
        await assertMatchesSpec(response)
        // Naming the victim's workspace does not help either.
        const named = await attempt(attacker.token).header(
          'X-Workspace-Id',
          victim.personalWorkspaceId
        )
        assert.equal(named.status(), 404, `${name} with X-Workspace-Id`)
      }
      const list = await client.get('/v1/webhooks').bearerToken(attacker.token)
      assert.lengthOf(list.body().data, 0)
      // The victim's webhook is untouched and its log has one delivery.
      const shown = await client.get(base).bearerToken(victim.token)
      assert.equal(shown.body().name, 'Test hook')
      const log = await client.get(`${base}/deliveries`).bearerToken(victim.token)
      assert.lengthOf(log.body().data, 1)
      // A delivery id of another webhook of the same workspace is not found under this one.
      const second = await createWebhook(client, victim, { url: receiver.url })
      const crossed = await client
        .get(`/v1/webhooks/${second.webhook.id}/deliveries/${ping.body().id}`)
        .bearerToken(victim.token)
      crossed.assertStatus(404)
    } finally {
      await receiver.close()
    }
  })

  test('members and viewers read webhooks; only admins change them; API keys need the scope', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'hookowner')
    const member = await registerAccount(client, 'hookmember')
    const workspace = await createWorkspace(client, owner)
    await addMember(client, owner, workspace.id, member, 'member')
    const { webhook } = await createWebhook(
      client,
      owner,
      { url: 'http://127.0.0.1:9/x', events: ['webhook.ping'] },
      workspace.id
    )
    const as = (request: ApiRequest) =>
      request.bearerToken(member.token).header('X-Workspace-Id', workspace.id)

    const listed = await as(client.get('/v1/webhooks'))
    listed.assertStatus(200)
    assert.lengthOf(listed.body().data, 1)
    ;(await as(client.get(`/v1/webhooks/${webhook.id}`))).assertStatus(200)
    ;(await as(client.get(`/v1/webhooks/${webhook.id}/deliveries`))).assertStatus(200)
    for (const response of [
      await as(client.post('/v1/webhooks')).json({
        name: 'x',
        url: 'http://127.0.0.1:9/',
        events: ['*'],
      }),
      await as(client.patch(`/v1/webhooks/${webhook.id}`)).json({ name: 'x' }),
      await as(client.delete(`/v1/webhooks/${webhook.id}`)),
      await as(client.post(`/v1/webhooks/${webhook.id}/rotate-secret`)),
      await as(client.post(`/v1/webhooks/${webhook.id}/ping`)),
    ]) {
      response.assertStatus(403)
      await assertMatchesSpec(response)
    }

    const key = await client
      .post('/v1/api-keys')
      .bearerToken(owner.token)
      .header('X-Workspace-Id', workspace.id)
      .json({ name: 'reader', scopes: ['webhooks:read'] })
    key.assertStatus(201)
    const read = await client.get('/v1/webhooks').bearerToken(key.body().key)
    read.assertStatus(200)
    assert.lengthOf(read.body().data, 1)
    const write = await client.post(`/v1/webhooks/${webhook.id}/ping`).bearerToken(key.body().key)
    write.assertStatus(403)
    assert.match(write.body().detail, /webhooks:write/)
  })

  test('bad input answers 422 with the field, and nothing is written', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'hookinput')
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ url: 'http://127.0.0.1:9/', events: ['*'] }, 'name'],
      [{ name: 'x', url: 'not a url', events: ['*'] }, 'url'],
      [{ name: 'x', url: 'ftp://127.0.0.1/', events: ['*'] }, 'url'],
      [{ name: 'x', url: 'http://127.0.0.1:9/', events: [] }, 'events'],
      [{ name: 'x', url: 'http://127.0.0.1:9/', events: ['lead.nope'] }, 'events.0'],
      [{ name: 'x', url: 'http://127.0.0.1:9/', events: ['*', '*'] }, 'events'],
      [{ name: 'x', url: 'http://127.0.0.1:9/', events: ['*'], is_active: 'maybe' }, 'is_active'],
      [{ name: 'x'.repeat(201), url: 'http://127.0.0.1:9/', events: ['*'] }, 'name'],
    ]
    for (const [body, field] of cases) {
      const response = await client.post('/v1/webhooks').bearerToken(account.token).json(body)
      assert.equal(response.status(), 422, JSON.stringify(body))
      await assertMatchesSpec(response)
      assert.match(String(response.header('content-type')), /^application\/problem\+json/)
      assert.include(
        response.body().errors.map((error: { field: string }) => error.field),
        field,
        JSON.stringify(body)
      )
    }
    const none = await client.get('/v1/webhooks').bearerToken(account.token)
    assert.lengthOf(none.body().data, 0)

    const { webhook } = await createWebhook(client, account, { url: 'http://127.0.0.1:9/' })
    const badPatch = await client
      .patch(`/v1/webhooks/${webhook.id}`)
      .bearerToken(account.token)
      .json({ name: 'renamed', events: ['unknown.type'] })
    badPatch.assertStatus(422)
    const unchanged = await client.get(`/v1/webhooks/${webhook.id}`).bearerToken(account.token)
    assert.equal(unchanged.body().name, 'Test hook', 'a rejected PATCH changes nothing')

    for (const query of ['status=bogus', 'limit=0', 'cursor=%E2%9C%93not-a-cursor']) {
      const response = await client
        .get(`/v1/webhooks/${webhook.id}/deliveries?${query}`)
        .bearerToken(account.token)
      assert.equal(response.status(), 422, query)
      await assertMatchesSpec(response)
    }
    const malformed = await client.get('/v1/webhooks/not-a-uuid').bearerToken(account.token)
    malformed.assertStatus(404)
    const malformedDelivery = await client
      .get(`/v1/webhooks/${webhook.id}/deliveries/nope`)
      .bearerToken(account.token)
    malformedDelivery.assertStatus(404)
  })

  test('private, loopback and link-local targets are refused at creation unless allowed', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'hookssrf')
    const create = (url: string) =>
      client
        .post('/v1/webhooks')
        .bearerToken(account.token)
        .json({ name: 'target', url, events: ['*'] })
    const refusedAlways = [
      'http://10.0.0.1/hook',
      'http://169.254.169.254/latest/meta-data/',
      'http://192.168.1.10/',
      'http://0.0.0.0:9/',
      'http://[::ffff:10.0.0.1]/',
      'http://[fe80::1]/',
      'http://user:password@127.0.0.1:9/',
    ]
    for (const url of refusedAlways) {
      const response = await create(url)
      assert.equal(response.status(), 422, url)
      await assertMatchesSpec(response)
      assert.equal(response.body().errors[0].field, 'url', url)
    }
    // Tests allow loopback (WEBHOOK_ALLOWED_PRIVATE_TARGETS); without it, loopback is refused,
    // including a host name that resolves to it.
    ;(await create('http://127.0.0.1:9/')).assertStatus(201)
    await withSettings({ allowedPrivateTargets: [] }, async () => {
      for (const url of ['http://127.0.0.1:9/', 'http://localhost:9/', 'http://[::1]:9/']) {
        const response = await create(url)
        assert.equal(response.status(), 422, url)
        assert.match(response.body().errors[0].message, /private, loopback or link-local/)
      }
      assert.isFalse(addressAllowed('::ffff:127.0.0.1'))
      assert.isFalse(addressAllowed('::ffff:a00:1'))
      // IPv4-compatible (deprecated ::/96) forms of loopback and private addresses.
      assert.isFalse(addressAllowed('::7f00:1'))
      assert.isFalse(addressAllowed('::a00:1'))
      assert.isTrue(addressAllowed('198.51.101.7'), 'a public address')
    })
    await withSettings({ allowedPrivateTargets: ['10.0.0.0/8'] }, async () => {
      ;(await create('http://10.1.2.3/hook')).assertStatus(201)
      ;(await create('http://192.168.1.10/')).assertStatus(422)
    })
  })

  test('the delivery agent refuses non-allowed targets at connection time (DNS and IP)', async ({
    client,
    assert,
  }) => {
    const receiver = await startReceiver()
    try {
      const account = await registerAccount(client, 'hookssrfdelivery')
      // Saved while loopback and link-local were allowed (or before a DNS change)...
      const byName = await withSettings({ allowedPrivateTargets: ['127.0.0.0/8', '::1/128'] }, () =>
        createWebhook(client, account, {
          url: `http://localhost:${receiver.port}/hooks`,
          events: ['webhook.ping'],
        })
      )
      const metadata = await withSettings({ allowedPrivateTargets: ['169.254.0.0/16'] }, () =>
        createWebhook(client, account, {
          url: 'http://169.254.169.254/latest/meta-data/',
          events: ['webhook.ping'],
        })
      )
      // ...then delivered while they are not.
      await withSettings({ allowedPrivateTargets: [], maxAttempts: 1 }, async () => {
        for (const { webhook } of [byName, metadata]) {
          const ping = await client
            .post(`/v1/webhooks/${webhook.id}/ping`)
            .bearerToken(account.token)
          ping.assertStatus(202)
          const row = await finishedDelivery(ping.body().id)
          assert.equal(row.status, 'failed')
          assert.match(row.last_error, /is not allowed\. Because, It is private IP address/)
          assert.isNull(row.last_status_code)
        }
      })
      assert.lengthOf(receiver.received, 0, 'the receiver on loopback was never reached')
    } finally {
      await receiver.close()
    }
  })
})
