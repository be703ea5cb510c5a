import { test } from '@japa/runner'
import { runWorkerDuringGroup } from '#tests/helpers/worker'
import db from '@adonisjs/lucid/services/db'
import { registerAccount } from '#tests/helpers/accounts'
import { createWebhook, withSettings, finishedDelivery } from '#tests/helpers/webhooks'
import { startReceiver } from '#tests/helpers/webhook_receiver'
import { waitFor } from '#tests/helpers/wait_for'
import { emitEvent, publishEvent, enqueue, tenantJob, withTenant } from '#sdk'

/** A tenant job that emits an event, to prove emitEvent works in job contexts. */
const emittingTask = tenantJob<{ marker: string }>(async (payload) => {
  await emitEvent('webhook.ping', { marker: payload.marker, from: 'job' })
})

test.group('Webhook operations', (group) => {
  group.setup(() => runWorkerDuringGroup({ 'test/emit_webhook_event': emittingTask }))

  test('an event emitted by a tenant job is delivered to the subscribed webhooks', async ({
    client,
    assert,
  }) => {
    const receiver = await startReceiver()
    try {
      const account = await registerAccount(client, 'hookjob')
      const { secret } = await createWebhook(client, account, {
        url: receiver.url,
        events: ['webhook.ping'],
      })
      receiver.useSecret(secret)
      await withTenant({ userId: account.id, workspaceId: account.personalWorkspaceId }, () =>
        enqueue('test/emit_webhook_event', { marker: 'from-a-job' })
      )
      await waitFor(async () => receiver.received.length === 1, 30_000)
      assert.isTrue(receiver.received[0].verified)
      assert.deepEqual(receiver.received[0].payload.data, { marker: 'from-a-job', from: 'job' })
    } finally {
      await receiver.close()
    }
  })

  test('the daily purge removes events older than the retention with their delivery log', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'hookpurge')
    const { webhook } = await createWebhook(client, account, {
      url: 'http://127.0.0.1:9/',
      events: ['webhook.ping'],
      is_active: false,
    })
    const ids = await withTenant(
      { userId: account.id, workspaceId: account.personalWorkspaceId },
      async ({ trx }) => {
        await emitEvent('webhook.ping', { age: 'old' })
        await emitEvent('webhook.ping', { age: 'new' })
        const rows = await trx.from('webhook_events').select('id', 'payload')
        return Object.fromEntries(rows.map((row) => [row.payload.age, row.id]))
      }
    )
    await db.rawQuery(
      "update webhook_events set created_at = now() - interval '31 days' where id = ?",
      [ids.old]
    )
    await db.rawQuery(
      `insert into webhook_deliveries (workspace_id, webhook_id, event_id, status)
        values (?, ?, ?, 'cancelled')`,
      [account.personalWorkspaceId, webhook.id, ids.old]
    )
    await db.rawQuery("select graphile_worker.add_job('core/webhook_purge', '{}'::json)")
    await waitFor(async () => {
      const rows = await db.rawQuery('select id from webhook_events where id = ?', [ids.old])
      return rows.rows.length === 0
    }, 30_000)
    const left = await db.rawQuery(
      'select event_id from webhook_deliveries where workspace_id = ?',
      [account.personalWorkspaceId]
    )
    assert.deepEqual(left.rows, [], 'deliveries of purged events go with them')
    const recent = await db.rawQuery('select id from webhook_events where id = ?', [ids.new])
    assert.lengthOf(recent.rows, 1, 'recent events stay')
  })

  test('a pending delivery of a webhook disabled meanwhile is cancelled, not sent', async ({
    client,
    assert,
  }) => {
    const receiver = await startReceiver()
    try {
      const account = await registerAccount(client, 'hookcancel')
      const { webhook } = await createWebhook(client, account, {
        url: receiver.url,
        events: ['webhook.ping'],
        is_active: false,
      })
      const eventId = await withTenant(
        { userId: account.id, workspaceId: account.personalWorkspaceId },
        () => publishEvent('webhook.ping', { queued: true }, { webhookId: webhook.id })
      )
      const delivery = await db.rawQuery('select id from webhook_deliveries where event_id = ?', [
        eventId,
      ])
      const row = await finishedDelivery(delivery.rows[0].id)
      assert.equal(row.status, 'cancelled')
      assert.equal(row.last_error, 'The webhook is disabled')
      assert.equal(row.attempts, 0)
      assert.lengthOf(receiver.received, 0)
    } finally {
      await receiver.close()
    }
  })

  test('after a rotation the previous secret keeps verifying for the grace period only', async ({
    client,
    assert,
  }) => {
    const oldReceiver = await startReceiver()
    const newReceiver = await startReceiver()
    try {
      const account = await registerAccount(client, 'hookrotate')
      const { webhook, secret: first } = await createWebhook(client, account, {
        url: oldReceiver.url,
        events: ['webhook.ping'],
      })
      oldReceiver.useSecret(first)
      const rotated = await client
        .post(`/v1/webhooks/${webhook.id}/rotate-secret`)
        .bearerToken(account.token)
      rotated.assertStatus(200)
      const second = rotated.body().secret
      newReceiver.useSecret(second)

      // Within the grace period both the old and the new secret verify.
      for (const receiver of [oldReceiver, newReceiver]) {
        await client
          .patch(`/v1/webhooks/${webhook.id}`)
          .bearerToken(account.token)
          .json({ url: receiver.url })
        const ping = await client.post(`/v1/webhooks/${webhook.id}/ping`).bearerToken(account.token)
        assert.equal((await finishedDelivery(ping.body().id)).status, 'succeeded')
      }
      assert.isTrue(oldReceiver.received[0].verified, oldReceiver.received[0].error)
      assert.isTrue(newReceiver.received[0].verified, newReceiver.received[0].error)
      assert.lengthOf(String(newReceiver.received[0].headers['webhook-signature']).split(' '), 2)

      // A rotation without grace: only the newest secret signs.
      await withSettings({ secretGraceHours: 0 }, async () => {
        const third = await client
          .post(`/v1/webhooks/${webhook.id}/rotate-secret`)
          .bearerToken(account.token)
        newReceiver.useSecret(second)
        const ping = await client.post(`/v1/webhooks/${webhook.id}/ping`).bearerToken(account.token)
        await finishedDelivery(ping.body().id)
        const last = newReceiver.received.at(-1)!
        assert.isFalse(last.verified, 'the previous secret no longer verifies')
        assert.lengthOf(String(last.headers['webhook-signature']).split(' '), 1)
        newReceiver.useSecret(third.body().secret)
        const again = await client
          .post(`/v1/webhooks/${webhook.id}/ping`)
          .bearerToken(account.token)
        await finishedDelivery(again.body().id)
        assert.isTrue(newReceiver.received.at(-1)!.verified)
      })
    } finally {
      await oldReceiver.close()
      await newReceiver.close()
    }
  })

  test('slow endpoints time out and large responses are cut at the size limit', async ({
    client,
    assert,
  }) => {
    const slow = await startReceiver(() => ({ status: 200, delayMs: 1500 }))
    const large = await startReceiver(() => ({ status: 200, body: 'x'.repeat(1_000_000) }))
    try {
      await withSettings(
        { maxAttempts: 1, timeoutMs: 300, maxResponseBytes: 1000, disableAfterFailures: 0 },
        async () => {
          const account = await registerAccount(client, 'hooklimits')
          const slowHook = await createWebhook(client, account, { url: slow.url })
          const largeHook = await createWebhook(client, account, { url: large.url })
          const slowPing = await client
            .post(`/v1/webhooks/${slowHook.webhook.id}/ping`)
            .bearerToken(account.token)
          const largePing = await client
            .post(`/v1/webhooks/${largeHook.webhook.id}/ping`)
            .bearerToken(account.token)
          const slowRow = await finishedDelivery(slowPing.body().id)
          assert.equal(slowRow.status, 'failed')
          assert.match(slowRow.last_error, /Timed out after 300 ms/)
          const largeRow = await finishedDelivery(largePing.body().id)
          assert.equal(largeRow.status, 'succeeded')
          const attempt = await db.rawQuery(
            'select * from webhook_delivery_attempts where delivery_id = ?',
            [largePing.body().id]
          )
          assert.isAtMost(attempt.rows[0].response_excerpt.length, 1000)
          assert.isAbove(attempt.rows[0].response_excerpt.length, 0)
        }
      )
    } finally {
      await slow.close()
      await large.close()
    }
  })
})
