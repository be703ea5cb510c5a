import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { type SecretsConfig } from '#sdk'
import { currentSecretKeyId, openText } from '#sdk'
import { rotateIntegrationSecrets } from '../services/integration_secret_rotation.js'
import { registerAccount } from '#tests/helpers/accounts'
import { connect, useFakeProviders } from '#tests/helpers/oauth'

const keyOf = (sealed: string) => sealed.split('.')[0]

test.group('Integration secrets / key rotation', (group) => {
  let original: SecretsConfig['keys']
  group.each.setup(() => {
    original = app.config.get<SecretsConfig>('secrets').keys
    return () => app.config.set('secrets.keys', original)
  })

  test('rotation re-seals OAuth tokens and integration credentials under the new key', async ({
    client,
    assert,
  }) => {
    const { fakes, restore } = await useFakeProviders(['google'])
    try {
      const account = await registerAccount(client, 'integrationsrotate')
      const connection = await connect(client, account, 'google', fakes.google)
      const created = await client
        .post('/v1/integrations/connections')
        .bearerToken(account.token)
        .json({ service_name: 'rotating', credentials: { api_key: 'rotate-me' } })
      created.assertStatus(201)
      const tokens = async () =>
        (await db.rawQuery('select * from oauth_connections where id = ?', [connection.id])).rows[0]
      const credentials = async () =>
        (
          await db.rawQuery(
            'select credentials_encrypted from integration_connections where id = ?',
            [created.body().id]
          )
        ).rows[0].credentials_encrypted
      const before = await tokens()
      const access = openText(before.access_token_encrypted, 'oauth.access_token')

      const material = 'integration-rotation-test-key-with-enough-entropy-01'
      app.config.set('secrets.keys', [material, ...original])
      const report = await rotateIntegrationSecrets()
      assert.deepEqual(report.failed, [])
      assert.isAtLeast(report.rotated, 3)
      const after = await tokens()
      assert.equal(keyOf(after.access_token_encrypted), currentSecretKeyId())
      assert.equal(keyOf(after.refresh_token_encrypted), currentSecretKeyId())
      assert.equal(keyOf(await credentials()), currentSecretKeyId())

      // The old keys can go: everything opens with the new key alone.
      app.config.set('secrets.keys', [material])
      assert.equal(openText(after.access_token_encrypted, 'oauth.access_token'), access)
      assert.deepEqual(JSON.parse(openText(await credentials(), 'integration.credentials')), {
        api_key: 'rotate-me',
      })
      assert.equal((await rotateIntegrationSecrets()).rotated, 0, 'idempotent')

      // Rotate back so the rest of the suite keeps opening these rows with its keys.
      app.config.set('secrets.keys', [...original, material])
      assert.deepEqual((await rotateIntegrationSecrets()).failed, [])
      app.config.set('secrets.keys', original)
      assert.equal(openText((await tokens()).access_token_encrypted, 'oauth.access_token'), access)
    } finally {
      await restore()
    }
  })
})
