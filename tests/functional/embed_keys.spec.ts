import { test } from '@japa/runner'
import { addMember, createWorkspace, registerAccount } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { createEmbedKey } from '#tests/helpers/embed'
import { registeredOperations } from '#core/openapi/operation_registry'

const SHOP = 'https://shop.example.test'

test.group('Embed keys: management', () => {
  test('admins create, list, show, update and revoke publishable keys', async ({
    client,
    assert,
  }) => {
    const admin = await registerAccount(client, 'embedadmin')
    const workspace = await createWorkspace(client, admin)
    const created = await client
      .post('/v1/embed/keys')
      .bearerToken(admin.token)
      .header('x-workspace-id', workspace.id)
      .json({
        name: 'Marketing site',
        allowed_origins: ['HTTPS://Shop.Example.test/', 'http://127.0.0.1:8080'],
        capabilities: ['support:submit'],
      })
    created.assertStatus(201)
    await assertMatchesSpec(created)
    const key = created.body()
    assert.match(key.public_key, /^pk_[A-Za-z0-9_-]{32}$/)
    assert.deepEqual(key.allowed_origins, [SHOP, 'http://127.0.0.1:8080'])
    assert.equal(key.rate_limit_per_minute, 30)
    assert.notProperty(key, 'form_definition', 'the lead form lives in the leads plugin')
    assert.equal(key.workspace_id, workspace.id)

    const listed = await client
      .get('/v1/embed/keys')
      .bearerToken(admin.token)
      .header('x-workspace-id', workspace.id)
    listed.assertStatus(200)
    await assertMatchesSpec(listed)
    assert.deepEqual(
      listed.body().data.map((row: { id: string }) => row.id),
      [key.id]
    )

    const shown = await client
      .get(`/v1/embed/keys/${key.id}`)
      .bearerToken(admin.token)
      .header('x-workspace-id', workspace.id)
    shown.assertStatus(200)
    await assertMatchesSpec(shown)

    const updated = await client
      .patch(`/v1/embed/keys/${key.id}`)
      .bearerToken(admin.token)
      .header('x-workspace-id', workspace.id)
      .json({ name: 'Renamed', rate_limit_per_minute: 5 })
    updated.assertStatus(200)
    await assertMatchesSpec(updated)
    assert.equal(updated.body().name, 'Renamed')
    assert.equal(updated.body().rate_limit_per_minute, 5)
    assert.equal(updated.body().public_key, key.public_key, 'the key itself never changes')

    const revoked = await client
      .delete(`/v1/embed/keys/${key.id}`)
      .bearerToken(admin.token)
      .header('x-workspace-id', workspace.id)
    revoked.assertStatus(204)
    const again = await client
      .delete(`/v1/embed/keys/${key.id}`)
      .bearerToken(admin.token)
      .header('x-workspace-id', workspace.id)
    again.assertStatus(404)
    await assertMatchesSpec(again)
    const changeRevoked = await client
      .patch(`/v1/embed/keys/${key.id}`)
      .bearerToken(admin.token)
      .header('x-workspace-id', workspace.id)
      .json({ name: 'x' })
    changeRevoked.assertStatus(409)
    const afterRevoke = await client
      .get(`/v1/embed/keys/${key.id}`)
      .bearerToken(admin.token)
      .header('x-workspace-id', workspace.id)
    assert.isNotNull(afterRevoke.body().revoked_at)
  })

  test('members get 403, other workspaces 404, API keys cannot manage embed keys', async ({
    client,
    assert,
  }) => {
    const admin = await registerAccount(client, 'embedowner')
    const workspace = await createWorkspace(client, admin)
    const key = await createEmbedKey(client, admin, workspace.id)

    const member = await registerAccount(client, 'embedmember')
    await addMember(client, admin, workspace.id, member, 'member')
    const asMember = await client
      .get('/v1/embed/keys')
      .bearerToken(member.token)
      .header('x-workspace-id', workspace.id)
    asMember.assertStatus(403)
    await assertMatchesSpec(asMember)
    ;(
      await client
        .post('/v1/embed/keys')
        .bearerToken(member.token)
        .header('x-workspace-id', workspace.id)
        .json({ name: 'x', allowed_origins: [SHOP], capabilities: ['support:submit'] })
    ).assertStatus(403)

    const stranger = await registerAccount(client, 'embedstranger')
    for (const request of [
      client.get(`/v1/embed/keys/${key.id}`),
      client.patch(`/v1/embed/keys/${key.id}`).json({ name: 'stolen' }),
      client.delete(`/v1/embed/keys/${key.id}`),
    ]) {
      const response = await request.bearerToken(stranger.token)
      response.assertStatus(404)
      await assertMatchesSpec(response)
    }
    const strangerList = await client.get('/v1/embed/keys').bearerToken(stranger.token)
    strangerList.assertStatus(200)
    assert.lengthOf(strangerList.body().data, 0)
    ;(
      await client
        .get('/v1/embed/keys/not-a-uuid')
        .bearerToken(admin.token)
        .header('x-workspace-id', workspace.id)
    ).assertStatus(404)

    const apiKey = await client
      .post('/v1/api-keys')
      .bearerToken(admin.token)
      .header('x-workspace-id', workspace.id)
      .json({ name: 'all', scopes: ['*'] })
    ;(await client.get('/v1/embed/keys').bearerToken(apiKey.body().key)).assertStatus(403)

    const still = await client
      .get(`/v1/embed/keys/${key.id}`)
      .bearerToken(admin.token)
      .header('x-workspace-id', workspace.id)
    assert.equal(still.body().name, 'Website')
    assert.isNull(still.body().revoked_at)
  })

  test('invalid origins and capabilities are 422 and store nothing', async ({ client, assert }) => {
    const admin = await registerAccount(client, 'embedinvalid')
    const workspace = await createWorkspace(client, admin)
    const post = (body: Record<string, unknown>) =>
      client
        .post('/v1/embed/keys')
        .bearerToken(admin.token)
        .header('x-workspace-id', workspace.id)
        .json({ name: 'Site', allowed_origins: [SHOP], capabilities: ['support:submit'], ...body })

    const cases: [Record<string, unknown>, string][] = [
      [{ allowed_origins: ['https://shop.example.test/pricing'] }, 'allowed_origins.0'],
      [{ allowed_origins: ['ftp://shop.example.test'] }, 'allowed_origins.0'],
      [{ allowed_origins: ['*'] }, 'allowed_origins.0'],
      [{ allowed_origins: ['https://user:pw@shop.example.test'] }, 'allowed_origins.0'],
      [{ allowed_origins: [] }, 'allowed_origins'],
      [{ capabilities: ['leads:destroy'] }, 'capabilities'],
      [{ capabilities: ['not a capability'] }, 'capabilities.0'],
      [{ rate_limit_per_minute: 0 }, 'rate_limit_per_minute'],
      [{ name: '' }, 'name'],
    ]
    for (const [body, field] of cases) {
      const response = await post(body)
      response.assertStatus(422)
      await assertMatchesSpec(response)
      assert.include(
        response.body().errors.map((error: { field: string }) => error.field),
        field,
        JSON.stringify(body)
      )
    }
    const listed = await client
      .get('/v1/embed/keys')
      .bearerToken(admin.token)
      .header('x-workspace-id', workspace.id)
    assert.lengthOf(listed.body().data, 0)
  })
})

test.group('Embed keys: the embedKey middleware', () => {
  test('a valid key from an allowed origin is accepted with CORS headers for that origin only', async ({
    client,
    assert,
  }) => {
    const admin = await registerAccount(client, 'embedmw')
    const workspace = await createWorkspace(client, admin)
    const key = await createEmbedKey(client, admin, workspace.id)

    const ok = await client
      .get('/v1/embed/key')
      .header('origin', SHOP)
      .header('x-embed-key', key.public_key)
    ok.assertStatus(200)
    await assertMatchesSpec(ok)
    assert.deepEqual(ok.body(), { capabilities: ['support:submit'], origin: SHOP })
    assert.equal(ok.header('access-control-allow-origin'), SHOP)
    assert.include(ok.header('vary'), 'Origin')

    const byQuery = await client.get(`/v1/embed/key?key=${key.public_key}`).header('origin', SHOP)
    byQuery.assertStatus(200)

    const refused = await client
      .get('/v1/embed/key')
      .header('origin', 'https://evil.example.test')
      .header('x-embed-key', key.public_key)
    refused.assertStatus(403)
    await assertMatchesSpec(refused)
    assert.isUndefined(refused.header('access-control-allow-origin'))

    const noOrigin = await client.get('/v1/embed/key').header('x-embed-key', key.public_key)
    noOrigin.assertStatus(403)
    // Same-origin GETs carry no Origin: the platform's own origin is used, and must be allowed too.
    const sameOrigin = await client
      .get('/v1/embed/key')
      .header('sec-fetch-site', 'same-origin')
      .header('x-embed-key', key.public_key)
    sameOrigin.assertStatus(403)
    const platform = `http://${process.env.HOST}:${process.env.PORT}`
    const own = await createEmbedKey(client, admin, workspace.id, { allowed_origins: [platform] })
    const ownPage = await client
      .get('/v1/embed/key')
      .header('sec-fetch-site', 'same-origin')
      .header('x-embed-key', own.public_key)
    ownPage.assertStatus(200)
    assert.equal(ownPage.body().origin, platform)
    const noKey = await client.get('/v1/embed/key').header('origin', SHOP)
    noKey.assertStatus(401)
    await assertMatchesSpec(noKey)
    const unknown = await client
      .get('/v1/embed/key')
      .header('origin', SHOP)
      .header('x-embed-key', `pk_${'a'.repeat(32)}`)
    unknown.assertStatus(401)
    const malformed = await client
      .get('/v1/embed/key')
      .header('origin', SHOP)
      .header('x-embed-key', "pk_' or 1=1 --")
    malformed.assertStatus(401)

    const used = await client
      .get(`/v1/embed/keys/${key.id}`)
      .bearerToken(admin.token)
      .header('x-workspace-id', workspace.id)
    assert.isNotNull(used.body().last_used_at)
  })

  test('preflights are answered only for allowed origins', async ({ client, assert }) => {
    const admin = await registerAccount(client, 'embedpre')
    const workspace = await createWorkspace(client, admin)
    const origin = `https://pre-${workspace.id.slice(0, 8)}.example.test`
    const key = await createEmbedKey(client, admin, workspace.id, { allowed_origins: [origin] })

    const preflight = await client
      .options(`/v1/embed/key?key=${key.public_key}`)
      .header('origin', origin)
      .header('access-control-request-method', 'GET')
      .header('access-control-request-headers', 'x-embed-key')
    preflight.assertStatus(204)
    assert.equal(preflight.header('access-control-allow-origin'), origin)
    assert.include(preflight.header('access-control-allow-headers'), 'X-Embed-Key')
    assert.include(preflight.header('access-control-allow-methods'), 'GET')

    // Keys sent in the header are not part of the preflight: any active key counts.
    const headerOnly = await client
      .options('/v1/embed/key')
      .header('origin', origin)
      .header('access-control-request-method', 'GET')
    headerOnly.assertStatus(204)
    assert.equal(headerOnly.header('access-control-allow-origin'), origin)

    const other = await client
      .options(`/v1/embed/key?key=${key.public_key}`)
      .header('origin', 'https://evil.example.test')
      .header('access-control-request-method', 'GET')
    other.assertStatus(403)
    assert.isUndefined(other.header('access-control-allow-origin'))
    const unknownOrigin = await client
      .options('/v1/embed/key')
      .header('origin', 'https://evil.example.test')
      .header('access-control-request-method', 'GET')
    unknownOrigin.assertStatus(403)

    await client
      .delete(`/v1/embed/keys/${key.id}`)
      .bearerToken(admin.token)
      .header('x-workspace-id', workspace.id)
    const afterRevoke = await client
      .options('/v1/embed/key')
      .header('origin', origin)
      .header('access-control-request-method', 'GET')
    afterRevoke.assertStatus(403)
  })

  test('revoked keys, changed origins and the per key rate limit take effect at once', async ({
    client,
    assert,
  }) => {
    const admin = await registerAccount(client, 'embedrate')
    const workspace = await createWorkspace(client, admin)
    const key = await createEmbedKey(client, admin, workspace.id, { rate_limit_per_minute: 2 })
    const call = (origin = SHOP) =>
      client.get('/v1/embed/key').header('origin', origin).header('x-embed-key', key.public_key)

    ;(await call()).assertStatus(200)
    ;(await call()).assertStatus(200)
    const limited = await call()
    limited.assertStatus(429)
    await assertMatchesSpec(limited)
    assert.isAbove(Number(limited.header('retry-after')), 0)
    assert.equal(limited.header('access-control-allow-origin'), SHOP, 'the widget can read it')

    const other = await createEmbedKey(client, admin, workspace.id, {
      allowed_origins: ['https://blog.example.test'],
    })
    ;(
      await client
        .get('/v1/embed/key')
        .header('origin', 'https://blog.example.test')
        .header('x-embed-key', other.public_key)
    ).assertStatus(200)
    await client
      .patch(`/v1/embed/keys/${other.id}`)
      .bearerToken(admin.token)
      .header('x-workspace-id', workspace.id)
      .json({ allowed_origins: ['https://new.example.test'] })
    ;(
      await client
        .get('/v1/embed/key')
        .header('origin', 'https://blog.example.test')
        .header('x-embed-key', other.public_key)
    ).assertStatus(403)

    await client
      .delete(`/v1/embed/keys/${other.id}`)
      .bearerToken(admin.token)
      .header('x-workspace-id', workspace.id)
    const revoked = await client
      .get('/v1/embed/key')
      .header('origin', 'https://new.example.test')
      .header('x-embed-key', other.public_key)
    revoked.assertStatus(401)
    assert.isUndefined(revoked.header('access-control-allow-origin'))
  })
})

test.group('Embed keys: route security', () => {
  test('every bearer route runs the tenant middleware; embed routes run only the embed key middleware', ({
    assert,
  }) => {
    let embedRoutes = 0
    for (const { route, spec } of registeredOperations()) {
      const names = route
        .getMiddleware()
        .flat()
        .map((entry) => (entry as { name?: string }).name)
      const auth = spec.auth ?? 'bearer'
      if (auth === 'bearer') {
        assert.include(names, 'tenant', `${spec.operationId} runs the tenant middleware`)
        assert.notInclude(names, 'embedKey', spec.operationId)
      } else if (auth === 'embed') {
        embedRoutes++
        assert.include(names, 'embedKey', `${spec.operationId} runs the embed key middleware`)
        assert.notInclude(names, 'tenant', `${spec.operationId} skips the tenant middleware`)
      } else {
        assert.notInclude(names, 'embedKey', spec.operationId)
      }
    }
    assert.isAtLeast(embedRoutes, 1)
  })
})
