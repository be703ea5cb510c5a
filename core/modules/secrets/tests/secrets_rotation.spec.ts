import { once } from 'node:events'
import { test } from '@japa/runner'
import { serviceRows } from '#tests/helpers/service_rows'
import app from '@adonisjs/core/services/app'
import { withService, withTenant, rawQuery, currentSecretKeyId, openSecret, sealSecret } from '#sdk'
import { rotateIntegrationSecrets } from '#modules/integrations/services/index'
import { revealSecret, secretContext, type SecretsConfig } from '#sdk'
import { rotateSecrets } from '../services/secret_rotation.js'
import { registerAccount } from '#tests/helpers/accounts'
import { startAce } from '#tests/helpers/processes'
import { asOwner, auditRows, OPENAI_KEY, runSecretsRotate, storedRow } from '#tests/helpers/secrets'

/**
 * Ids of stored secrets that do not open under the current keys (left by other
 * suites in a shared database): a rotation must report exactly these.
 */
async function unreadableSecretIds() {
  const rows = await serviceRows(
    'select id, workspace_id, user_id, service_name, encrypted_value, initialization_vector, key_id from user_secrets'
  )
  return rows
    .filter((row) => {
      try {
        openSecret(row, secretContext(row))
        return false
      } catch {
        return true
      }
    })
    .map((row) => row.id as string)
}

/** Runs `node ace <args>` in a child process with extra environment variables. */
async function runAceChild(args: string[], env: Record<string, string>) {
  const child = startAce(args, env)
  await once(child.child, 'exit')
  return { code: child.child.exitCode, output: child.output() }
}

test.group('Secrets vault / key rotation', (group) => {
  let original: SecretsConfig['keys']
  const NEW_KEY = 'a-brand-new-vault-key-with-enough-entropy-0001'
  const ANOTHER_KEY = 'another-new-vault-key-with-enough-entropy-0002'
  group.each.setup(() => {
    original = app.config.get<SecretsConfig>('secrets').keys
    return async () => {
      // Re-seal whatever the test rotated back under the normal keys, so later
      // suites sharing this database can still read every secret.
      app.config.set('secrets.keys', [...original, NEW_KEY, ANOTHER_KEY])
      await rotateSecrets()
      await rotateIntegrationSecrets()
      app.config.set('secrets.keys', original)
    }
  })

  test('secrets:rotate re-seals rows under the new current key; old keys can then go', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'rotate')
    await client.put('/v1/secrets/openai').bearerToken(account.token).json({ value: OPENAI_KEY })
    await client.put('/v1/secrets/google').bearerToken(account.token).json({ value: 'g-key' })
    const before = await storedRow(account, 'openai')
    const oldKeyId = before.key_id

    const newMaterial = NEW_KEY
    app.config.set('secrets.keys', [newMaterial, ...original])
    const newKeyId = currentSecretKeyId()
    assert.notEqual(newKeyId, oldKeyId)

    // Before rotation old rows still open (the old key is kept for decryption).
    assert.equal(
      await withTenant(asOwner(account), () => revealSecret('openai', 'test')),
      OPENAI_KEY
    )

    const unreadable = await unreadableSecretIds()
    const run = await runSecretsRotate()
    assert.equal(run.exitCode ?? 0, unreadable.length ? 1 : 0, run.logs.join('\n'))
    assert.sameMembers(
      run.logs.flatMap((line) => /secret ([0-9a-f-]{36}) kept its old key/.exec(line)?.[1] ?? []),
      unreadable,
      'only rows that cannot be opened are reported'
    )
    const after = await storedRow(account, 'openai')
    assert.equal(after.key_id, newKeyId)
    assert.notEqual(after.encrypted_value, before.encrypted_value)
    assert.notEqual(after.initialization_vector, before.initialization_vector)
    assert.equal(
      new Date(after.updated_at).getTime(),
      new Date(before.updated_at).getTime(),
      'rotation is not an update'
    )
    const rotateAudit = (await auditRows(account, 'openai')).filter((e) => e.operation === 'rotate')
    assert.lengthOf(rotateAudit, 1)
    assert.isTrue(rotateAudit[0].success)

    // The old key can now be removed: everything opens with the new one alone.
    app.config.set('secrets.keys', [newMaterial])
    assert.equal(
      await withTenant(asOwner(account), () => revealSecret('openai', 'test')),
      OPENAI_KEY
    )
    assert.equal(await withTenant(asOwner(account), () => revealSecret('google', 'test')), 'g-key')
    const [count] = await serviceRows(
      'select count(*)::int as n from user_secrets where key_id <> ? and id <> all(?::uuid[])',
      [newKeyId, unreadable]
    )
    assert.equal(count.n, 0, 'every readable row in the database is under the new key')

    // Running it again changes nothing (idempotent).
    const again = await runSecretsRotate()
    assert.equal(again.exitCode ?? 0, unreadable.length ? 1 : 0)
    const unchanged = await storedRow(account, 'openai')
    assert.equal(unchanged.encrypted_value, after.encrypted_value)
  })

  test('rows that cannot be opened are kept, reported and audited; the command fails', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'rotatebad')
    await client.put('/v1/secrets/broken').bearerToken(account.token).json({ value: OPENAI_KEY })
    await client.put('/v1/secrets/fine').bearerToken(account.token).json({ value: OPENAI_KEY })
    const broken = await storedRow(account, 'broken')
    const flipped = Buffer.from(broken.encrypted_value, 'base64')
    flipped[2] ^= 0x10
    await withService(({ trx }) =>
      rawQuery(trx, 'update user_secrets set encrypted_value = ? where id = ?', [
        flipped.toString('base64'),
        broken.id,
      ])
    )
    app.config.set('secrets.keys', [ANOTHER_KEY, ...original])
    const run = await runSecretsRotate()
    assert.equal(run.exitCode, 1)
    assert.isTrue(
      run.logs.some((line) => line.includes(broken.id)),
      run.logs.join('\n')
    )
    assert.equal((await storedRow(account, 'broken')).key_id, broken.key_id)
    assert.equal((await storedRow(account, 'fine')).key_id, currentSecretKeyId())
    const failed = (await auditRows(account, 'broken')).find((e) => e.operation === 'rotate')
    assert.isFalse(failed.success)
    assert.match(failed.error_message, /authentication failed/)
    // Clean up so later rotations in this database do not trip over it.
    await withService(({ trx }) =>
      rawQuery(trx, 'delete from user_secrets where id = ?', [broken.id])
    )
  })

  test('keys that are too short are refused', async ({ assert }) => {
    app.config.set('secrets.keys', ['too-short'])
    assert.throws(() => sealSecret('x'), /at least 16 characters/)
  })

  test('the server refuses to start with a SECRETS_KEYS entry under 32 characters', async ({
    assert,
  }) => {
    const result = await runAceChild(['secrets:rotate'], { SECRETS_KEYS: 'short-key' })
    assert.notEqual(result.code, 0)
    assert.match(result.output, /SECRETS_KEYS must be at least 32 characters/)
  })
})
