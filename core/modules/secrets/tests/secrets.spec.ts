import { test } from '@japa/runner'
import type { ApiRequest } from '@japa/api-client'
import {
  withService,
  withTenant,
  rawQuery,
  currentSecretKeyId,
  openSecret,
  SecretDecryptionError,
  sealSecret,
} from '#sdk'
import { revealSecret } from '#sdk'
import { addMember, createWorkspace, registerAccount, createApiKey } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { asOwner, auditRows, OPENAI_KEY, storedRow } from '#tests/helpers/secrets'

test.group('Secrets vault', () => {
  test('put stores a sealed value and returns metadata only; list shows metadata; every step is audited', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'vault')
    const created = await client
      .put('/v1/secrets/openai')
      .bearerToken(account.token)
      .header('user-agent', 'vault-test/1.0')
      .json({ value: OPENAI_KEY, metadata: { label: 'prod' } })
    created.assertStatus(201)
    await assertMatchesSpec(created)
    assert.equal(created.body().service_name, 'openai')
    assert.equal(created.body().value_hint, 'WXYZ')
    assert.deepEqual(created.body().metadata, { label: 'prod' })
    assert.notInclude(created.text(), OPENAI_KEY)
    for (const hidden of ['value', 'encrypted_value', 'initialization_vector', 'key_id']) {
      assert.notProperty(created.body(), hidden)
    }

    const row = await storedRow(account, 'openai')
    assert.notInclude(JSON.stringify(row), OPENAI_KEY)
    assert.equal(row.key_id, currentSecretKeyId())
    assert.lengthOf(Buffer.from(row.initialization_vector, 'base64'), 12)

    const replaced = await client
      .put('/v1/secrets/openai')
      .bearerToken(account.token)
      .json({ value: 'short' })
    replaced.assertStatus(200)
    await assertMatchesSpec(replaced)
    assert.equal(replaced.body().id, created.body().id)
    assert.isNull(replaced.body().value_hint, 'short values get no hint')
    assert.deepEqual(replaced.body().metadata, { label: 'prod' }, 'metadata kept when omitted')
    const resealed = await storedRow(account, 'openai')
    assert.notEqual(resealed.initialization_vector, row.initialization_vector, 'fresh IV')

    await client.put('/v1/secrets/anthropic').bearerToken(account.token).json({ value: 'short' })
    const other = await storedRow(account, 'anthropic')
    assert.notEqual(other.initialization_vector, resealed.initialization_vector)
    assert.notEqual(other.encrypted_value, resealed.encrypted_value, 'same value, other ciphertext')

    const list = await client
      .get('/v1/secrets')
      .bearerToken(account.token)
      .header('user-agent', 'vault-test/1.0')
    list.assertStatus(200)
    await assertMatchesSpec(list)
    assert.deepEqual(
      list.body().data.map((secret: { service_name: string }) => secret.service_name),
      ['anthropic', 'openai']
    )
    assert.notInclude(list.text(), 'short')
    assert.notInclude(list.text(), 'encrypted')

    const removed = await client.delete('/v1/secrets/anthropic').bearerToken(account.token)
    removed.assertStatus(204)
    await assertMatchesSpec(removed)
    ;(await client.delete('/v1/secrets/anthropic').bearerToken(account.token)).assertStatus(404)
    assert.isUndefined(await storedRow(account, 'anthropic'))

    const openaiAudit = await auditRows(account, 'openai')
    assert.deepEqual(
      openaiAudit.map((entry) => entry.operation),
      ['create', 'update', 'read']
    )
    assert.equal(openaiAudit[0].user_agent, 'vault-test/1.0')
    assert.match(openaiAudit[0].ip, /127\.0\.0\.1|::1/)
    assert.isTrue(openaiAudit.every((entry) => entry.success))
    assert.deepEqual(
      (await auditRows(account, 'anthropic')).map((entry) => entry.operation),
      ['create', 'read', 'delete']
    )

    const audit = await client.get('/v1/secrets/audit').bearerToken(account.token)
    audit.assertStatus(200)
    await assertMatchesSpec(audit)
    assert.lengthOf(audit.body().data, 6)
    assert.equal(audit.body().data[0].operation, 'delete', 'newest first')
  })

  test('revealSecret decrypts server-side, marks the secret used and audits the purpose', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'reveal')
    const stored = await client
      .put('/v1/secrets/mistral')
      .bearerToken(account.token)
      .json({ value: OPENAI_KEY })
    const value = await withTenant(asOwner(account), () => revealSecret('mistral', 'ai.chat'))
    assert.equal(value, OPENAI_KEY)
    assert.isNull(await withTenant(asOwner(account), () => revealSecret('google', 'ai.chat')))

    const row = await storedRow(account, 'mistral')
    assert.isNotNull(row.last_used_at)
    assert.equal(
      new Date(row.updated_at).toISOString(),
      stored.body().updated_at,
      'using a secret is not an update'
    )
    const reveal = (await auditRows(account, 'mistral')).find((e) => e.operation === 'reveal')
    assert.deepInclude(reveal, { purpose: 'ai.chat', success: true, ip: null })

    // Another member of the same workspace, and the same user in another workspace, get nothing.
    const colleague = await registerAccount(client, 'colleague')
    const team = await createWorkspace(client, account)
    await addMember(client, account, team.id, colleague, 'admin')
    assert.isNull(
      await withTenant({ userId: colleague.id, workspaceId: account.personalWorkspaceId }, () =>
        revealSecret('mistral', 'ai.chat')
      ).catch(() => null)
    )
    assert.isNull(
      await withTenant({ userId: account.id, workspaceId: team.id }, () =>
        revealSecret('mistral', 'ai.chat')
      )
    )

    // Deactivated secrets are not revealed.
    await client
      .put('/v1/secrets/mistral')
      .bearerToken(account.token)
      .json({ value: OPENAI_KEY, is_active: false })
    assert.isNull(await withTenant(asOwner(account), () => revealSecret('mistral', 'ai.chat')))
  })

  test('tampering is detected: altered ciphertext, IV, key id or a value moved to another row', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'tamper')
    for (const name of ['alpha', 'beta', 'gamma', 'delta']) {
      await client.put(`/v1/secrets/${name}`).bearerToken(account.token).json({ value: OPENAI_KEY })
    }
    const beta = await storedRow(account, 'beta')
    const gamma = await storedRow(account, 'gamma')
    const alpha = await storedRow(account, 'alpha')
    await withService(async ({ trx }) => {
      const flipped = Buffer.from(beta.encrypted_value, 'base64')
      flipped[0] ^= 0x01
      await rawQuery(trx, 'update user_secrets set encrypted_value = ? where id = ?', [
        flipped.toString('base64'),
        beta.id,
      ])
      const iv = Buffer.from(gamma.initialization_vector, 'base64')
      iv[11] ^= 0x80
      await rawQuery(trx, 'update user_secrets set initialization_vector = ? where id = ?', [
        iv.toString('base64'),
        gamma.id,
      ])
      // delta gets alpha's (valid) ciphertext: bound to another row, it must not open.
      await rawQuery(
        trx,
        `update user_secrets set encrypted_value = ?, initialization_vector = ?
           where user_id = ? and service_name = 'delta'`,
        [alpha.encrypted_value, alpha.initialization_vector, account.id]
      )
    })

    assert.equal(
      await withTenant(asOwner(account), () => revealSecret('alpha', 'test')),
      OPENAI_KEY
    )
    for (const name of ['beta', 'gamma', 'delta']) {
      await assert.rejects(
        () => withTenant(asOwner(account), () => revealSecret(name, 'test')),
        SecretDecryptionError
      )
    }

    const sealed = sealSecret('plain', 'ctx')
    assert.equal(openSecret(sealed, 'ctx'), 'plain')
    assert.throws(() => openSecret(sealed, 'other'), SecretDecryptionError)
    assert.throws(
      () => openSecret({ ...sealed, key_id: 'kdeadbeefdeadbeef' }, 'ctx'),
      /unknown key/
    )
    assert.throws(
      () => openSecret({ ...sealed, encrypted_value: sealed.encrypted_value.slice(0, -4) }, 'ctx'),
      SecretDecryptionError
    )

    // Metadata routes keep working for tampered rows; nothing is decrypted to list them.
    ;(await client.get('/v1/secrets').bearerToken(account.token)).assertStatus(200)

    // Remove the tampered rows so key rotation tests in this database start clean.
    await withService(({ trx }) =>
      rawQuery(trx, 'delete from user_secrets where user_id = ?', [account.id])
    )
  })

  test('invalid input is 422 with field details and writes nothing', async ({ client, assert }) => {
    const account = await registerAccount(client, 'badsecret')
    const cases: [string, Record<string, unknown>, string][] = [
      ['/v1/secrets/openai', {}, 'value'],
      ['/v1/secrets/openai', { value: '' }, 'value'],
      ['/v1/secrets/openai', { value: 42 }, 'value'],
      ['/v1/secrets/openai', { value: 'x'.repeat(8193) }, 'value'],
      ['/v1/secrets/openai', { value: 'ok', metadata: 'text' }, 'metadata'],
      ['/v1/secrets/openai', { value: 'ok', is_active: 'maybe' }, 'is_active'],
      ['/v1/secrets/Not%20Valid', { value: 'ok' }, 'service_name'],
      [`/v1/secrets/${'a'.repeat(65)}`, { value: 'ok' }, 'service_name'],
    ]
    for (const [url, body, field] of cases) {
      const response = await client.put(url).bearerToken(account.token).json(body)
      response.assertStatus(422)
      await assertMatchesSpec(response)
      assert.equal(response.body().errors[0].field, field, JSON.stringify(body))
    }
    ;(await client.delete('/v1/secrets/Not%20Valid').bearerToken(account.token)).assertStatus(404)
    const badAudit = await client
      .get('/v1/secrets/audit')
      .bearerToken(account.token)
      .qs({ operation: 'steal' })
    badAudit.assertStatus(422)
    await assertMatchesSpec(badAudit)
    const list = await client.get('/v1/secrets').bearerToken(account.token)
    assert.lengthOf(list.body().data, 0)
    const audit = await client.get('/v1/secrets/audit').bearerToken(account.token)
    assert.lengthOf(audit.body().data, 0)
  })

  test('the audit trail is paginated and filtered', async ({ client, assert }) => {
    const account = await registerAccount(client, 'auditpages')
    for (const name of ['one', 'two', 'three']) {
      await client.put(`/v1/secrets/${name}`).bearerToken(account.token).json({ value: 'v' })
      await client.put(`/v1/secrets/${name}`).bearerToken(account.token).json({ value: 'w' })
    }
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: any = await client
        .get('/v1/secrets/audit')
        .bearerToken(account.token)
        .qs({ limit: 4, ...(cursor ? { cursor } : {}) })
      page.assertStatus(200)
      seen.push(...page.body().data.map((entry: { id: string }) => entry.id))
      cursor = page.body().next_cursor
    } while (cursor)
    assert.lengthOf(seen, 6)
    assert.lengthOf(new Set(seen), 6)
    const updates = await client
      .get('/v1/secrets/audit')
      .bearerToken(account.token)
      .qs({ operation: 'update', service_name: 'two' })
    assert.lengthOf(updates.body().data, 1)
    assert.equal(updates.body().data[0].service_name, 'two')
  })
})

test.group('Secrets vault / isolation and API keys', () => {
  test('other users, even admins of the same workspace, get 404 and see nothing', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'secretowner')
    const colleague = await registerAccount(client, 'secretadmin')
    const stranger = await registerAccount(client, 'secretstranger')
    const team = await createWorkspace(client, owner)
    await addMember(client, owner, team.id, colleague, 'admin')
    await client
      .put('/v1/secrets/openai')
      .bearerToken(owner.token)
      .header('x-workspace-id', team.id)
      .json({ value: OPENAI_KEY })

    const asStranger = (request: ApiRequest) =>
      request.bearerToken(stranger.token).header('x-workspace-id', team.id)
    ;(await asStranger(client.get('/v1/secrets'))).assertStatus(404)
    ;(await asStranger(client.get('/v1/secrets/audit'))).assertStatus(404)
    ;(await asStranger(client.put('/v1/secrets/openai')).json({ value: 'x' })).assertStatus(404)
    ;(await asStranger(client.delete('/v1/secrets/openai'))).assertStatus(404)

    const asColleague = (request: ApiRequest) =>
      request.bearerToken(colleague.token).header('x-workspace-id', team.id)
    const list = await asColleague(client.get('/v1/secrets'))
    list.assertStatus(200)
    assert.lengthOf(list.body().data, 0)
    assert.lengthOf((await asColleague(client.get('/v1/secrets/audit'))).body().data, 0)
    ;(await asColleague(client.delete('/v1/secrets/openai'))).assertStatus(404)
    // The colleague's own secret of the same name is a separate row.
    ;(await asColleague(client.put('/v1/secrets/openai')).json({ value: 'mine' })).assertStatus(201)

    // The owner's personal workspace does not see the team secret either.
    const personal = await client.get('/v1/secrets').bearerToken(owner.token)
    assert.lengthOf(personal.body().data, 0)
    const row = await storedRow(owner, 'openai', team.id)
    assert.equal(row.workspace_id, team.id)

    // Raw SQL as the colleague sees no foreign row and cannot plant one.
    await withTenant({ userId: colleague.id, workspaceId: team.id }, async ({ trx }) => {
      const rows = await rawQuery(trx, 'select user_id from user_secrets')
      assert.deepEqual(
        rows.rows.map((r) => r.user_id),
        [colleague.id]
      )
      const audit = await rawQuery(
        trx,
        'select count(*)::int as n from secret_audit_logs where user_id = ?',
        [owner.id]
      )
      assert.equal(audit.rows[0].n, 0)
    })
    await assert.rejects(
      () =>
        withTenant({ userId: colleague.id, workspaceId: team.id }, ({ trx }) =>
          rawQuery(
            trx,
            `insert into secret_audit_logs (workspace_id, user_id, service_name, operation, success)
             values (?, ?, 'openai', 'read', true)`,
            [team.id, owner.id]
          )
        ),
      /row-level security/
    )
    // The audit trail is append-only for users.
    await withTenant(asOwner(owner), async ({ trx }) => {
      const updated = await rawQuery(trx, 'update secret_audit_logs set success = false').catch(
        (error) => error
      )
      assert.match(String(updated), /permission denied/)
    })
  })

  test('API keys need secrets:read to list and secrets:write to change', async ({
    client,
    assert,
  }) => {
    const admin = await registerAccount(client, 'secretkeys')
    const workspace = await createWorkspace(client, admin)
    const key = (scopes: string[]) => createApiKey(client, admin, workspace.id, scopes)
    const reader = await key(['secrets:read'])
    const writer = await key(['secrets:write'])
    const unrelated = await key(['preferences:write'])

    const write = await client.put('/v1/secrets/hubspot').bearerToken(writer).json({ value: 'x' })
    write.assertStatus(201)
    assert.equal(write.body().user_id, admin.id, 'keys act for the user who created them')
    ;(await client.get('/v1/secrets').bearerToken(writer)).assertStatus(200)

    const list = await client.get('/v1/secrets').bearerToken(reader)
    list.assertStatus(200)
    assert.lengthOf(list.body().data, 1)
    ;(await client.get('/v1/secrets/audit').bearerToken(reader)).assertStatus(200)
    const denied = await client.put('/v1/secrets/hubspot').bearerToken(reader).json({ value: 'y' })
    denied.assertStatus(403)
    await assertMatchesSpec(denied)
    ;(await client.delete('/v1/secrets/hubspot').bearerToken(reader)).assertStatus(403)
    ;(await client.get('/v1/secrets').bearerToken(unrelated)).assertStatus(403)
    ;(await client.delete('/v1/secrets/hubspot').bearerToken(writer)).assertStatus(204)
  })
})
