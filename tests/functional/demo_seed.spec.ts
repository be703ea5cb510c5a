import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import app from '@adonisjs/core/services/app'
import { runDemoSeeds } from '#core/database/demo_seeds'
import { knownEmbedCapabilities } from '#core/auth/embed_capabilities'
import { DEMO_USER } from '#modules/identity/services/index'

test.group('Demo seed', () => {
  test('is idempotent and gives a demo user who can log in and see the demo workspaces', async ({
    client,
    assert,
  }) => {
    const domains = await (await app.container.make('platform')).domains()
    await runDemoSeeds(domains)
    await runDemoSeeds(domains)
    const users = await db.rawQuery(
      'select count(*)::int as n from users where lower(email) = lower(?)',
      [DEMO_USER.email]
    )
    assert.equal(users.rows[0].n, 1)

    const login = await client
      .post('/v1/auth/login')
      .json({ email: DEMO_USER.email, password: DEMO_USER.password })
    login.assertStatus(200)
    const token = login.body().token.value
    const workspaces = await client.get('/v1/workspaces').bearerToken(token).qs({ limit: 100 })
    const names = workspaces.body().data.map((row: { name: string }) => row.name)
    assert.includeMembers(names, ['Demo workspace', 'Demo Agency', 'Acme Corp (client)'])
    assert.lengthOf(names, 3)
    const clientWorkspace = workspaces
      .body()
      .data.find((row: { name: string }) => row.name === 'Acme Corp (client)')
    assert.isNotNull(clientWorkspace.parent_id)
    const preferences = await client.get('/v1/preferences').bearerToken(token)
    assert.sameMembers(
      preferences
        .body()
        .data.map((row: { preference_category: string }) => row.preference_category),
      ['general', 'interface']
    )
    // An embed key for the platform's own demo page (once, however often the seed runs).
    const embedKeys = await client.get('/v1/embed/keys').bearerToken(token)
    const demoKeys = embedKeys
      .body()
      .data.filter((row: { name: string }) => row.name === 'Demo site')
    const offered = Object.keys(await knownEmbedCapabilities())
    assert.lengthOf(demoKeys, offered.length ? 1 : 0)
    if (offered.length) assert.sameMembers(demoKeys[0].capabilities, offered)
  })
})
