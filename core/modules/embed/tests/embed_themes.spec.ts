import { test } from '@japa/runner'
import { addMember, createWorkspace, registerAccount } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { createEmbedKey } from '#tests/helpers/embed'

const SHOP = 'https://shop.example.test'

test.group('Embed themes (workspace theme settings and /v1/embed/theme)', () => {
  test('admins set validated settings; widgets read them as custom properties and CSS, with an ETag', async ({
    client,
    assert,
  }) => {
    const admin = await registerAccount(client, 'themeadmin')
    const workspace = await createWorkspace(client, admin)
    const key = await createEmbedKey(client, admin, workspace.id, { allowed_origins: [SHOP] })
    const put = await client
      .put('/v1/embed/theme-settings')
      .bearerToken(admin.token)
      .header('x-workspace-id', workspace.id)
      .json({
        colors: { primary: '#0F766E', on_primary: 'rgb(255, 255, 255)' },
        radius_px: 12,
        font_family: 'Source Sans 3',
        logo_url: 'https://cdn.example.test/logo.svg',
      })
    put.assertStatus(200)
    await assertMatchesSpec(put)
    assert.deepEqual(put.body().theme.sources, ['settings'])

    const theme = await client
      .get('/v1/embed/theme')
      .header('origin', SHOP)
      .header('x-embed-key', key.public_key)
    theme.assertStatus(200)
    await assertMatchesSpec(theme)
    assert.deepEqual(theme.body().properties, {
      '--aip-color-primary': '#0f766e',
      '--aip-color-on-primary': 'rgb(255,255,255)',
      '--aip-font-family': '"Source Sans 3", system-ui, sans-serif',
      '--aip-radius': '12px',
    })
    assert.equal(theme.body().logo_url, 'https://cdn.example.test/logo.svg')
    const etag = String(theme.header('etag'))
    assert.equal(theme.header('cache-control'), 'no-cache')
    const again = await client
      .get('/v1/embed/theme')
      .header('origin', SHOP)
      .header('x-embed-key', key.public_key)
      .header('if-none-match', etag)
    again.assertStatus(304)

    const css = await client
      .get('/v1/embed/theme.css')
      .header('origin', SHOP)
      .header('x-embed-key', key.public_key)
    css.assertStatus(200)
    assert.match(String(css.header('content-type')), /^text\/css/)
    assert.include(css.text(), '--aip-color-primary: #0f766e;')

    // A change gives another ETag.
    const changed = await client
      .put('/v1/embed/theme-settings')
      .bearerToken(admin.token)
      .header('x-workspace-id', workspace.id)
      .json({ colors: { primary: '#b91c1c' } })
    changed.assertStatus(200)
    const fresh = await client
      .get('/v1/embed/theme')
      .header('origin', SHOP)
      .header('x-embed-key', key.public_key)
      .header('if-none-match', etag)
    fresh.assertStatus(200)
    assert.deepEqual(fresh.body().properties, { '--aip-color-primary': '#b91c1c' })
  })

  test('raw CSS, unknown colour syntaxes and out-of-bound lengths are refused with 422', async ({
    client,
    assert,
  }) => {
    const admin = await registerAccount(client, 'themebad')
    const workspace = await createWorkspace(client, admin)
    for (const body of [
      { colors: { primary: 'red; } body { display: none' } },
      { colors: { primary: 'hsl(10, 50%, 50%)' } },
      { colors: { primary: 'rgb(300, 0, 0)' } },
      { colors: { primary: 'url(https://evil.example.test/x)' } },
      { radius_px: 500 },
      { font_size_px: 2 },
      { font_family: 'Inter"; } * { color: red' },
      { logo_url: 'javascript:alert(1)' },
      { logo_url: 'http://insecure.example.test/logo.png' },
    ]) {
      const response = await client
        .put('/v1/embed/theme-settings')
        .bearerToken(admin.token)
        .header('x-workspace-id', workspace.id)
        .json(body)
      response.assertStatus(422)
      assert.match(String(response.header('content-type')), /problem\+json/, JSON.stringify(body))
    }
    const settings = await client
      .get('/v1/embed/theme-settings')
      .bearerToken(admin.token)
      .header('x-workspace-id', workspace.id)
    settings.assertStatus(200)
    assert.deepEqual(settings.body().settings, {})
  })

  test('members cannot change the theme; a key reads only its own workspace; agency clients have their own', async ({
    client,
    assert,
  }) => {
    const admin = await registerAccount(client, 'themeagency')
    const member = await registerAccount(client, 'themember')
    const agency = await createWorkspace(client, admin)
    const clientWorkspace = await createWorkspace(client, admin, { parent_id: agency.id })
    await addMember(client, admin, agency.id, member, 'member')
    const refused = await client
      .put('/v1/embed/theme-settings')
      .bearerToken(member.token)
      .header('x-workspace-id', agency.id)
      .json({ colors: { primary: '#000000' } })
    refused.assertStatus(403)

    for (const [workspaceId, color] of [
      [agency.id, '#111111'],
      [clientWorkspace.id, '#222222'],
    ]) {
      const response = await client
        .put('/v1/embed/theme-settings')
        .bearerToken(admin.token)
        .header('x-workspace-id', workspaceId)
        .json({ colors: { primary: color } })
      response.assertStatus(200)
    }
    const agencyKey = await createEmbedKey(client, admin, agency.id, { allowed_origins: [SHOP] })
    const clientKey = await createEmbedKey(client, admin, clientWorkspace.id, {
      allowed_origins: [SHOP],
    })
    const read = async (publicKey: string) =>
      (
        await client.get('/v1/embed/theme').header('origin', SHOP).header('x-embed-key', publicKey)
      ).body().properties['--aip-color-primary']
    assert.equal(await read(agencyKey.public_key), '#111111')
    assert.equal(await read(clientKey.public_key), '#222222')

    // Another workspace's admin sees none of it.
    const stranger = await registerAccount(client, 'themestranger')
    const foreign = await client
      .get('/v1/embed/theme-settings')
      .bearerToken(stranger.token)
      .header('x-workspace-id', clientWorkspace.id)
    assert.oneOf(foreign.status(), [403, 404])
    const wrongOrigin = await client
      .get('/v1/embed/theme')
      .header('origin', 'https://evil.example.test')
      .header('x-embed-key', clientKey.public_key)
    wrongOrigin.assertStatus(403)
  })

  test("the content plugin's active brand kit overrides the settings through the embedTheme hook", async ({
    client,
    assert,
  }) => {
    const admin = await registerAccount(client, 'themebrand')
    const workspace = await createWorkspace(client, admin)
    const key = await createEmbedKey(client, admin, workspace.id, { allowed_origins: [SHOP] })
    const settings = await client
      .put('/v1/embed/theme-settings')
      .bearerToken(admin.token)
      .header('x-workspace-id', workspace.id)
      .json({ colors: { primary: '#111111', error: '#990000' }, radius_px: 4 })
    settings.assertStatus(200)
    const kit = await client
      .post('/v1/content/brand-kits')
      .bearerToken(admin.token)
      .header('x-workspace-id', workspace.id)
      .json({ asset_name: 'Kit', colors: { primary: '#aa0000' }, fonts: { body: 'Inter' } })
    kit.assertStatus(201)
    const theme = await client
      .get('/v1/embed/theme')
      .header('origin', SHOP)
      .header('x-embed-key', key.public_key)
    theme.assertStatus(200)
    assert.deepEqual(theme.body().sources, ['settings', 'content'])
    assert.deepEqual(theme.body().properties, {
      '--aip-color-primary': '#aa0000',
      '--aip-color-error': '#990000',
      '--aip-font-family': '"Inter", system-ui, sans-serif',
      '--aip-radius': '4px',
    })
  })
})
