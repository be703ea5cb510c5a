import { test } from '@japa/runner'
import { runWorkerDuringGroup } from '#tests/helpers/worker'
import db from '@adonisjs/lucid/services/db'
import { createWorkspace, registerAccount } from '#tests/helpers/accounts'
import { createWebhook, withSettings, finishedDelivery } from '#tests/helpers/webhooks'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { startReceiver } from '#tests/helpers/webhook_receiver'
import { waitFor } from '#tests/helpers/wait_for'
import { retryDelayMs } from '../services/webhook_delivery_service.js'

test.group('Webhook delivery', (group) => {
  group.setup(() => runWorkerDuringGroup())

  test('create shows the Standard Webhooks secret once; list and get never return it', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'hookcrud')
    const created = await client
      .post('/v1/webhooks')
      .bearerToken(account.token)
      .json({ name: ' CRM sync ', url: 'http://127.0.0.1:9/x', events: ['workspace.member_added'] })
    created.assertStatus(201)
    await assertMatchesSpec(created)
    const { webhook, secret } = created.body()
    assert.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/)
    assert.equal(Buffer.from(secret.slice(6), 'base64').length, 32)
    assert.equal(webhook.name, 'CRM sync')
    assert.isTrue(webhook.is_active)
    assert.equal(webhook.retry_count, 0)
    assert.notProperty(webhook, 'secret_token')

    const stored = await db.rawQuery('select secret_token from webhooks where id = ?', [webhook.id])
    assert.notInclude(stored.rows[0].secret_token, secret.slice(6), 'stored sealed, not in clear')

    for (const response of [
      await client.get('/v1/webhooks').bearerToken(account.token),
      await client.get(`/v1/webhooks/${webhook.id}`).bearerToken(account.token),
    ]) {
      response.assertStatus(200)
      await assertMatchesSpec(response)
      assert.notInclude(response.text(), secret.slice(6))
      assert.notInclude(response.text(), 'secret_token')
    }

    const updated = await client
      .patch(`/v1/webhooks/${webhook.id}`)
      .bearerToken(account.token)
      .json({ events: ['webhook.ping', 'workspace.member_removed'], name: 'Renamed' })
    updated.assertStatus(200)
    await assertMatchesSpec(updated)
    assert.deepEqual(updated.body().events, ['webhook.ping', 'workspace.member_removed'])

    const rotated = await client
      .post(`/v1/webhooks/${webhook.id}/rotate-secret`)
      .bearerToken(account.token)
    rotated.assertStatus(200)
    await assertMatchesSpec(rotated)
    assert.match(rotated.body().secret, /^whsec_/)
    assert.notEqual(rotated.body().secret, secret)

    const types = await client.get('/v1/webhooks/event-types').bearerToken(account.token)
    types.assertStatus(200)
    await assertMatchesSpec(types)
    assert.deepInclude(types.body().data, {
      type: 'workspace.member_added',
      description: 'Someone joined the workspace (invitation accepted, or its creator).',
      source: 'core',
    })

    const deleted = await client.delete(`/v1/webhooks/${webhook.id}`).bearerToken(account.token)
    deleted.assertStatus(204)
    const gone = await client.get(`/v1/webhooks/${webhook.id}`).bearerToken(account.token)
    gone.assertStatus(404)
  })

  test('a receiver using the standardwebhooks package verifies the events it subscribed to', async ({
    client,
    assert,
  }) => {
    const receiver = await startReceiver()
    const other = await startReceiver()
    try {
      const owner = await registerAccount(client, 'hookverify')
      const workspace = await createWorkspace(client, owner)
      const { webhook, secret } = await createWebhook(
        client,
        owner,
        { url: receiver.url, events: ['workspace.member_added'] },
        workspace.id
      )
      receiver.useSecret(secret)
      const unrelated = await createWebhook(
        client,
        owner,
        { url: other.url, events: ['workspace.member_removed'] },
        workspace.id
      )
      other.useSecret(unrelated.secret)

      // A real core event: someone accepts an invitation (emitted by the database).
      const invitee = await registerAccount(client, 'hookinvitee')
      const invite = await client
        .post(`/v1/workspaces/${workspace.id}/members`)
        .bearerToken(owner.token)
        .json({ email: invitee.email, role: 'member' })
      invite.assertStatus(201)
      const accept = await client
        .post('/v1/invitations/accept')
        .bearerToken(invitee.token)
        .json({ token: invite.body().token })
      accept.assertStatus(200)

      await waitFor(async () => receiver.received.length === 1, 30_000)
      const [delivery] = receiver.received
      assert.isTrue(delivery.verified, delivery.error)
      assert.equal(delivery.payload.type, 'workspace.member_added')
      assert.equal(delivery.payload.workspace_id, workspace.id)
      assert.deepEqual(delivery.payload.data, {
        workspace_id: workspace.id,
        user_id: invitee.id,
        role: 'member',
      })
      assert.match(String(delivery.headers['webhook-signature']), /^v1,[A-Za-z0-9+/]+=*$/)
      assert.equal(delivery.headers['content-type'], 'application/json')

      const log = await client
        .get(`/v1/webhooks/${webhook.id}/deliveries`)
        .bearerToken(owner.token)
        .header('X-Workspace-Id', workspace.id)
      log.assertStatus(200)
      await assertMatchesSpec(log)
      const [entry] = log.body().data
      assert.equal(entry.event_id, delivery.headers['webhook-id'])
      assert.equal(entry.status, 'succeeded')

      const shown = await client
        .get(`/v1/webhooks/${webhook.id}`)
        .bearerToken(owner.token)
        .header('X-Workspace-Id', workspace.id)
      assert.equal(shown.body().last_response_code, 204)
      assert.isNotNull(shown.body().last_triggered_at)

      // A signature made with another secret does not verify.
      const tampered = await startReceiver()
      try {
        tampered.useSecret(unrelated.secret)
        await client
          .patch(`/v1/webhooks/${webhook.id}`)
          .bearerToken(owner.token)
          .header('X-Workspace-Id', workspace.id)
          .json({ url: tampered.url, events: ['webhook.ping'] })
        await client
          .post(`/v1/webhooks/${webhook.id}/ping`)
          .bearerToken(owner.token)
          .header('X-Workspace-Id', workspace.id)
        await waitFor(async () => tampered.received.length === 1, 30_000)
        assert.isFalse(tampered.received[0].verified)
      } finally {
        await tampered.close()
      }
      assert.lengthOf(other.received, 0, 'not subscribed to member_added')
    } finally {
      await receiver.close()
      await other.close()
    }
  })

  test('a receiver that fails three times then recovers gets the event exactly once more; the log shows every attempt', async ({
    client,
    assert,
  }) => {
    const receiver = await startReceiver((index) =>
      index <= 3 ? { status: 500, body: `temporary failure ${index}` } : { status: 200, body: 'ok' }
    )
    try {
      const account = await registerAccount(client, 'hookretry')
      const { webhook, secret } = await createWebhook(client, account, {
        url: receiver.url,
        events: ['webhook.ping'],
      })
      receiver.useSecret(secret)
      const ping = await client.post(`/v1/webhooks/${webhook.id}/ping`).bearerToken(account.token)
      ping.assertStatus(202)
      await assertMatchesSpec(ping)
      assert.equal(ping.body().status, 'pending')
      assert.equal(ping.body().event_type, 'webhook.ping')

      const row = await finishedDelivery(ping.body().id)
      assert.equal(row.status, 'succeeded')
      assert.equal(row.attempts, 4)
      // Nothing more arrives once the receiver has acknowledged.
      await new Promise((resolve) => setTimeout(resolve, 600))
      assert.lengthOf(receiver.received, 4)
      assert.isTrue(receiver.received.every((entry) => entry.verified))
      assert.lengthOf(new Set(receiver.received.map((entry) => entry.headers['webhook-id'])), 1)
      assert.lengthOf(
        receiver.received.filter((_entry, index) => index >= 3),
        1,
        'exactly one delivery after recovery'
      )

      const shown = await client
        .get(`/v1/webhooks/${webhook.id}/deliveries/${ping.body().id}`)
        .bearerToken(account.token)
      shown.assertStatus(200)
      await assertMatchesSpec(shown)
      const log = shown.body().attempt_log
      assert.deepEqual(
        log.map((attempt: any) => [attempt.attempt_number, attempt.status_code, attempt.succeeded]),
        [
          [1, 500, false],
          [2, 500, false],
          [3, 500, false],
          [4, 200, true],
        ]
      )
      assert.equal(log[0].response_excerpt, 'temporary failure 1')
      assert.match(log[0].error, /HTTP 500/)
      assert.isNull(log[3].error)
      for (const attempt of log) {
        assert.isAtLeast(attempt.duration_ms, 0)
        assert.isString(attempt.created_at)
      }
      // Retries were spaced out (backoff), not immediate.
      const times = log.map((attempt: any) => new Date(attempt.created_at).getTime())
      assert.isAtLeast(times[3] - times[0], 20)

      const hook = await client.get(`/v1/webhooks/${webhook.id}`).bearerToken(account.token)
      assert.equal(hook.body().last_response_code, 200)
      assert.equal(hook.body().retry_count, 0)
      assert.equal(hook.body().consecutive_failures, 0)
    } finally {
      await receiver.close()
    }
  })

  test('retry delays grow exponentially with jitter and stay under the cap', ({ assert }) => {
    const settings = { retryBaseMs: 1000, retryMaxDelayMs: 60_000 }
    assert.equal(
      retryDelayMs(1, settings, () => 0),
      500
    )
    assert.equal(
      retryDelayMs(1, settings, () => 1),
      1000
    )
    assert.equal(
      retryDelayMs(4, settings, () => 0),
      4000
    )
    assert.equal(
      retryDelayMs(4, settings, () => 1),
      8000
    )
    assert.equal(
      retryDelayMs(20, settings, () => 1),
      60_000
    )
    assert.equal(
      retryDelayMs(20, settings, () => 0),
      30_000
    )
    const samples = new Set(Array.from({ length: 20 }, () => retryDelayMs(3, settings)))
    assert.isAbove(samples.size, 1, 'jitter varies the delay')
  })

  test('a webhook is disabled after repeated failed deliveries, says why, and can be re-enabled', async ({
    client,
    assert,
  }) => {
    const failing = await startReceiver(() => ({ status: 503, body: 'down' }))
    const watcher = await startReceiver()
    try {
      await withSettings({ maxAttempts: 2, disableAfterFailures: 2 }, async () => {
        const account = await registerAccount(client, 'hookdisable')
        const { webhook, secret } = await createWebhook(client, account, {
          url: failing.url,
          events: ['webhook.ping'],
        })
        failing.useSecret(secret)
        const observer = await createWebhook(client, account, {
          url: watcher.url,
          events: ['webhook.disabled'],
        })
        watcher.useSecret(observer.secret)

        const first = await client
          .post(`/v1/webhooks/${webhook.id}/ping`)
          .bearerToken(account.token)
        const firstRow = await finishedDelivery(first.body().id)
        assert.equal(firstRow.status, 'failed')
        assert.equal(firstRow.attempts, 2)
        let hook = await client.get(`/v1/webhooks/${webhook.id}`).bearerToken(account.token)
        assert.isTrue(hook.body().is_active, 'one failed delivery is not enough')
        assert.equal(hook.body().consecutive_failures, 1)

        const second = await client
          .post(`/v1/webhooks/${webhook.id}/ping`)
          .bearerToken(account.token)
        await finishedDelivery(second.body().id)
        hook = await client.get(`/v1/webhooks/${webhook.id}`).bearerToken(account.token)
        assert.isFalse(hook.body().is_active)
        assert.equal(hook.body().last_response_code, 503)
        assert.match(hook.body().disabled_reason, /2 consecutive failed deliveries.*HTTP 503/)
        assert.isNotNull(hook.body().disabled_at)
        assert.lengthOf(failing.received, 4)

        // The other webhooks of the workspace hear about it.
        await waitFor(async () => watcher.received.length === 1, 30_000)
        assert.isTrue(watcher.received[0].verified)
        assert.equal(watcher.received[0].payload.type, 'webhook.disabled')
        assert.equal(watcher.received[0].payload.data.webhook_id, webhook.id)

        const refused = await client
          .post(`/v1/webhooks/${webhook.id}/ping`)
          .bearerToken(account.token)
        refused.assertStatus(409)
        await assertMatchesSpec(refused)

        const enabled = await client
          .patch(`/v1/webhooks/${webhook.id}`)
          .bearerToken(account.token)
          .json({ is_active: true })
        enabled.assertStatus(200)
        assert.isTrue(enabled.body().is_active)
        assert.equal(enabled.body().consecutive_failures, 0)
        assert.isNull(enabled.body().disabled_reason)
      })
    } finally {
      await failing.close()
      await watcher.close()
    }
  })

  test('manual redelivery sends the same event again as a new delivery', async ({
    client,
    assert,
  }) => {
    const receiver = await startReceiver()
    try {
      const account = await registerAccount(client, 'hookredeliver')
      const { webhook, secret } = await createWebhook(client, account, {
        url: receiver.url,
        events: ['webhook.ping'],
      })
      receiver.useSecret(secret)
      const ping = await client.post(`/v1/webhooks/${webhook.id}/ping`).bearerToken(account.token)
      await finishedDelivery(ping.body().id)

      const again = await client
        .post(`/v1/webhooks/${webhook.id}/deliveries/${ping.body().id}/redeliver`)
        .bearerToken(account.token)
      again.assertStatus(202)
      await assertMatchesSpec(again)
      assert.equal(again.body().redelivery_of, ping.body().id)
      assert.equal(again.body().event_id, ping.body().event_id)
      assert.notEqual(again.body().id, ping.body().id)
      const row = await finishedDelivery(again.body().id)
      assert.equal(row.status, 'succeeded')

      assert.lengthOf(receiver.received, 2)
      assert.isTrue(receiver.received.every((entry) => entry.verified))
      assert.equal(receiver.received[1].headers['webhook-id'], ping.body().event_id)
      assert.deepEqual(receiver.received[1].payload, receiver.received[0].payload)

      const log = await client
        .get(`/v1/webhooks/${webhook.id}/deliveries?limit=1`)
        .bearerToken(account.token)
      log.assertStatus(200)
      assert.lengthOf(log.body().data, 1)
      assert.equal(log.body().data[0].id, again.body().id, 'newest first')
      const next = await client
        .get(`/v1/webhooks/${webhook.id}/deliveries?limit=1&cursor=${log.body().next_cursor}`)
        .bearerToken(account.token)
      assert.equal(next.body().data[0].id, ping.body().id)
      assert.isNull(next.body().next_cursor)
      const failedOnly = await client
        .get(`/v1/webhooks/${webhook.id}/deliveries?status=failed`)
        .bearerToken(account.token)
      assert.lengthOf(failedOnly.body().data, 0)
    } finally {
      await receiver.close()
    }
  })
})
