import { test } from '@japa/runner'
import { runWorkerDuringGroup } from '#tests/helpers/worker'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { type SecretsConfig } from '#sdk'
import { currentSecretKeyId } from '#sdk'
import { rotateIntegrationSecrets } from '#modules/integrations/services/index'
import { openWebhookSecret } from '../services/webhook_secret.js'
import { registerAccount } from '#tests/helpers/accounts'
import { createWebhook, finishedDelivery } from '#tests/helpers/webhooks'
import { startReceiver } from '#tests/helpers/webhook_receiver'
import { runSecretsRotate } from '#tests/helpers/secrets'

const keyOf = (sealed: string) => sealed.split('.')[0]

const stored = async (id: string) =>
  (await db.rawQuery('select secret_token, previous_secret_token from webhooks where id = ?', [id]))
    .rows[0] as { secret_token: string; previous_secret_token: string | null }

test.group('Webhook secrets / vault key rotation', (group) => {
  let original: SecretsConfig['keys']
  group.setup(() => runWorkerDuringGroup())
  group.each.setup(() => {
    original = app.config.get<SecretsConfig>('secrets').keys
    return () => app.config.set('secrets.keys', original)
  })

  test('webhook secrets are sealed by the vault cipher and secrets:rotate re-seals them', async ({
    client,
    assert,
  }) => {
    const receiver = await startReceiver()
    try {
      const account = await registerAccount(client, 'hookkeyrotate')
      const { webhook, secret: first } = await createWebhook(client, account, {
        url: receiver.url,
        events: ['webhook.ping'],
      })
      // A rotation with grace: the previous secret is kept (sealed) and still signs.
      const rotated = await client
        .post(`/v1/webhooks/${webhook.id}/rotate-secret`)
        .bearerToken(account.token)
      rotated.assertStatus(200)
      const second = rotated.body().secret as string
      const before = await stored(webhook.id)
      assert.equal(keyOf(before.secret_token), currentSecretKeyId(), 'sealed by the vault')
      assert.equal(keyOf(before.previous_secret_token!), currentSecretKeyId())
      assert.notInclude(before.secret_token, second.slice(6))
      assert.equal(openWebhookSecret(before.previous_secret_token!), first)

      const material = 'webhook-rotation-test-key-with-enough-entropy-0001'
      app.config.set('secrets.keys', [material, ...original])
      const run = await runSecretsRotate()
      assert.isTrue(
        run.logs.some((line) => /re-sealed [1-9]\d* integration and webhook value/.test(line)),
        run.logs.join('\n')
      )
      assert.isFalse(
        run.logs.some((line) => line.includes(webhook.id)),
        'the webhook secrets opened and were re-sealed'
      )
      const after = await stored(webhook.id)
      assert.equal(keyOf(after.secret_token), currentSecretKeyId())
      assert.equal(keyOf(after.previous_secret_token!), currentSecretKeyId())
      assert.notEqual(after.secret_token, before.secret_token)

      // The old keys can go: deliveries are still signed with both secrets,
      // and a receiver using either one verifies them.
      app.config.set('secrets.keys', [material])
      for (const secret of [second, first]) {
        receiver.useSecret(secret)
        const ping = await client.post(`/v1/webhooks/${webhook.id}/ping`).bearerToken(account.token)
        ping.assertStatus(202)
        assert.equal((await finishedDelivery(ping.body().id)).status, 'succeeded')
        const last = receiver.received.at(-1)!
        assert.isTrue(last.verified, last.error)
      }
      assert.equal((await rotateIntegrationSecrets()).rotated, 0, 'idempotent')

      // Rotate back so the rest of the suite keeps opening these rows with its keys.
      app.config.set('secrets.keys', [...original, material])
      assert.deepEqual((await rotateIntegrationSecrets()).failed, [])
    } finally {
      await receiver.close()
    }
  })

  test('a secret stored outside the vault format is refused by the database', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'hookplain')
    const { webhook, secret } = await createWebhook(client, account, {
      url: 'http://127.0.0.1:9/x',
    })
    await assert.rejects(
      () => db.rawQuery('update webhooks set secret_token = ? where id = ?', [secret, webhook.id]),
      /webhooks_secret_sealed/
    )
  })
})
