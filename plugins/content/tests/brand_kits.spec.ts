import { test } from '@japa/runner'
import sharp from 'sharp'
import { withTenant } from '#sdk'
import { registerAccount } from '#tests/helpers/accounts'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import { activeBrandKit } from '#plugins/content/services/index'
import { uploadAsset } from './helpers.js'

test.group('Content brand kits', () => {
  test('the first kit becomes active; activate switches; the face and the theme CSS wear it', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'brand')
    const logo = await uploadAsset(
      client,
      account,
      await sharp({ create: { width: 64, height: 64, channels: 3, background: '#000' } })
        .png()
        .toBuffer(),
      'logo.png'
    )
    const first = await client
      .post('/v1/content/brand-kits')
      .bearerToken(account.token)
      .json({
        asset_name: 'Main',
        colors: { primary: '#FF0000', text: '#111111' },
        fonts: { heading: 'Inter', body: 'Source Sans 3' },
        voice: { tone: 'Warm', keywords: ['simple'] },
        logo_asset_id: logo.body().id,
      })
    first.assertStatus(201)
    await assertMatchesSpec(first)
    assert.isTrue(first.body().is_active)
    const second = await client
      .post('/v1/content/brand-kits')
      .bearerToken(account.token)
      .json({ asset_name: 'Holiday', colors: { primary: '#00aa00' } })
    second.assertStatus(201)
    assert.isFalse(second.body().is_active)

    const theme = await client.get('/v1/content/brand-kit/theme.css').bearerToken(account.token)
    theme.assertStatus(200)
    assert.match(theme.header('content-type') ?? '', /text\/css/)
    assert.include(theme.text(), '--aip-color-primary: #ff0000;')
    assert.include(theme.text(), '--aip-font-family: "Source Sans 3", system-ui, sans-serif;')

    const activated = await client
      .post(`/v1/content/brand-kits/${second.body().id}/activate`)
      .bearerToken(account.token)
    activated.assertStatus(200)
    const active = await client.get('/v1/content/brand-kit').bearerToken(account.token)
    assert.equal(active.body().id, second.body().id)
    const fromFace = await withTenant(
      { userId: account.id, workspaceId: account.personalWorkspaceId },
      () => activeBrandKit()
    )
    assert.equal(fromFace?.id, second.body().id)
    assert.equal(fromFace?.asset_data.colors.primary, '#00aa00')

    const merged = await client
      .patch(`/v1/content/brand-kits/${second.body().id}`)
      .bearerToken(account.token)
      .json({ colors: { accent: '#123456' } })
    merged.assertStatus(200)
    assert.deepEqual(merged.body().asset_data.colors, { primary: '#00aa00', accent: '#123456' })
    const deleted = await client
      .delete(`/v1/content/brand-kits/${second.body().id}`)
      .bearerToken(account.token)
    deleted.assertStatus(204)
    ;(await client.get('/v1/content/brand-kit').bearerToken(account.token)).assertStatus(404)
    const empty = await client.get('/v1/content/brand-kit/theme.css').bearerToken(account.token)
    assert.notInclude(empty.text(), '--aip-color')
  })

  test('refuses colours and fonts that could inject CSS, and a logo that is not an image', async ({
    client,
  }) => {
    const account = await registerAccount(client, 'brandbad')
    for (const body of [
      { asset_name: 'x', colors: { primary: 'red; } body { display:none' } },
      { asset_name: 'x', colors: { primary: 'url(javascript:alert(1))' } },
      { asset_name: 'x', fonts: { body: 'Inter"; } * { color: red' } },
      { asset_name: 'x', logo_asset_id: '00000000-0000-4000-8000-000000000000' },
      { asset_name: '' },
    ]) {
      const response = await client
        .post('/v1/content/brand-kits')
        .bearerToken(account.token)
        .json(body)
      response.assertStatus(422)
    }
  })
})
