import { test } from '@japa/runner'
import sharp from 'sharp'
import { createApiKey, registerAccount, type TestAccount } from '#tests/helpers/accounts'
import { createEntry, uploadAsset } from './helpers.js'

/** One of everything the content plugin stores, in `owner`'s personal workspace. */
async function ownerData(client: any, owner: TestAccount) {
  const entry = await createEntry(client, owner, {
    title: 'Mine',
    scheduled_date: '2026-06-01T09:00:00Z',
  })
  const image = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } })
    .png()
    .toBuffer()
  const asset = (await uploadAsset(client, owner, image, 'a.png')).body()
  const kit = (
    await client
      .post('/v1/content/brand-kits')
      .bearerToken(owner.token)
      .json({ asset_name: 'K', colors: { primary: '#112233' } })
  ).body()
  const template = (
    await client
      .post('/v1/content/templates')
      .bearerToken(owner.token)
      .json({ name: 'T', template_type: 'x', content: 'Hi {{ a }}', is_public: true })
  ).body()
  const proposal = (
    await client
      .post('/v1/content/proposal-templates')
      .bearerToken(owner.token)
      .json({ name: 'P', content: 'For {{ a }}' })
  ).body()
  const feed = (
    await client.post('/v1/content/calendar/feeds').bearerToken(owner.token).json({})
  ).body()
  const upload = await client
    .post('/v1/content/calendar/imports')
    .bearerToken(owner.token)
    .file('file', Buffer.from('title,content_type,scheduled_date\nX,blog,2026-06-02\n'), {
      filename: 'c.csv',
    })
  return { entry, asset, kit, template, proposal, feed, importId: upload.body().id }
}

test.group('Content: another workspace sees nothing', () => {
  test('every route answers 404 or an empty list across tenants, also with the victim workspace header', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'contentowner')
    const stranger = await registerAccount(client, 'contentstranger')
    const data = await ownerData(client, owner)
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
      .png()
      .toBuffer()

    for (const header of [undefined, owner.personalWorkspaceId]) {
      const call = (method: 'get' | 'post' | 'patch' | 'delete' | 'put', url: string) => {
        const request = client[method](url).bearerToken(stranger.token)
        if (header) request.header('x-workspace-id', header)
        return request
      }
      const notFound = async (response: any, what: string) => {
        assert.equal(response.status(), 404, `${what}: ${response.status()} ${response.text()}`)
      }
      const lists = [
        '/v1/content/calendar/entries',
        '/v1/content/calendar/feeds',
        '/v1/content/assets',
        '/v1/content/brand-kits',
        '/v1/content/templates',
        '/v1/content/proposal-templates',
      ]
      for (const url of lists) {
        const response = await call('get', url)
        if (header) await notFound(response, url)
        else assert.deepEqual(response.body().data, [], url)
      }
      const range = await call('get', '/v1/content/calendar').qs({ month: '2026-06' })
      if (header) await notFound(range, 'range')
      else assert.deepEqual(range.body().data, [])
      const exported = await call('get', '/v1/content/calendar/export')
      if (header) await notFound(exported, 'export')
      else assert.notInclude(exported.text(), 'Mine')
      const active = await call('get', '/v1/content/brand-kit')
      await notFound(active, 'active kit')
      const theme = await call('get', '/v1/content/brand-kit/theme.css')
      if (header) await notFound(theme, 'theme')
      else assert.notInclude(theme.text(), '#112233')

      const e = data.entry.id
      await notFound(await call('get', `/v1/content/calendar/entries/${e}`), 'entry show')
      await notFound(
        await call('patch', `/v1/content/calendar/entries/${e}`).json({ title: 'x' }),
        'entry update'
      )
      await notFound(
        await call('post', `/v1/content/calendar/entries/${e}/status`).json({
          status: 'scheduled',
        }),
        'entry status'
      )
      await notFound(await call('delete', `/v1/content/calendar/entries/${e}`), 'entry delete')
      await notFound(
        await call('get', `/v1/content/calendar/imports/${data.importId}`),
        'import show'
      )
      await notFound(
        await call('delete', `/v1/content/calendar/feeds/${data.feed.id}`),
        'feed revoke'
      )
      const a = data.asset.id
      await notFound(await call('get', `/v1/content/assets/${a}`), 'asset show')
      await notFound(
        await call('patch', `/v1/content/assets/${a}`).json({ tags: ['x'] }),
        'asset update'
      )
      await notFound(
        await call('put', `/v1/content/assets/${a}/file`).file('file', png, { filename: 'b.png' }),
        'asset replace'
      )
      await notFound(await call('get', `/v1/content/assets/${a}/links`), 'asset links')
      await notFound(await call('delete', `/v1/content/assets/${a}`), 'asset delete')
      const k = data.kit.id
      await notFound(await call('get', `/v1/content/brand-kits/${k}`), 'kit show')
      await notFound(
        await call('patch', `/v1/content/brand-kits/${k}`).json({ asset_name: 'x' }),
        'kit update'
      )
      await notFound(await call('post', `/v1/content/brand-kits/${k}/activate`), 'kit activate')
      await notFound(await call('delete', `/v1/content/brand-kits/${k}`), 'kit delete')
      const t = data.template.id
      await notFound(await call('get', `/v1/content/templates/${t}`), 'template show')
      await notFound(
        await call('patch', `/v1/content/templates/${t}`).json({ name: 'x' }),
        'template update'
      )
      await notFound(await call('delete', `/v1/content/templates/${t}`), 'template delete')
      await notFound(
        await call('post', `/v1/content/templates/${t}/render`).json({ values: { a: 1 } }),
        'template render'
      )
      const p = data.proposal.id
      await notFound(await call('get', `/v1/content/proposal-templates/${p}`), 'proposal show')
      await notFound(
        await call('patch', `/v1/content/proposal-templates/${p}`).json({ name: 'x' }),
        'proposal update'
      )
      await notFound(await call('delete', `/v1/content/proposal-templates/${p}`), 'proposal delete')
      await notFound(
        await call('post', `/v1/content/proposal-templates/${p}/html`).json({ values: { a: 1 } }),
        'proposal html'
      )
      await notFound(
        await call('post', `/v1/content/proposal-templates/${p}/pdf`).json({ values: { a: 1 } }),
        'proposal pdf'
      )
    }
    // Creating in the victim's workspace is refused like reading it.
    const victim = (method: 'post', url: string) =>
      client[method](url)
        .bearerToken(stranger.token)
        .header('x-workspace-id', owner.personalWorkspaceId)
    for (const [url, body] of [
      [
        '/v1/content/calendar/entries',
        { title: 'x', content_type: 'blog', scheduled_date: '2026-06-01T09:00:00Z' },
      ],
      ['/v1/content/calendar/generate', { month: '2026-06', brief: 'spring launch' }],
      ['/v1/content/calendar/feeds', {}],
      ['/v1/content/brand-kits', { asset_name: 'x' }],
      ['/v1/content/templates', { name: 'x', template_type: 'x', content: 'x' }],
      ['/v1/content/proposal-templates', { name: 'x', content: 'x' }],
    ] as const) {
      const response = await victim('post', url).json(body)
      assert.equal(response.status(), 404, url)
    }
    for (const url of ['/v1/content/assets', '/v1/content/calendar/imports']) {
      const response = await victim('post', url).file('file', png, { filename: 'x.png' })
      assert.equal(response.status(), 404, url)
    }
    ;(
      await client
        .get('/v1/content/templates/platform')
        .bearerToken(stranger.token)
        .header('x-workspace-id', owner.personalWorkspaceId)
    ).assertStatus(404)
    // A signed link names its workspace: moving it to another workspace breaks the signature.
    const links = (
      await client.get(`/v1/content/assets/${data.asset.id}/links`).bearerToken(owner.token)
    ).body()
    const moved = new URL(links.url)
    const forged = moved.pathname.replace(owner.personalWorkspaceId, stranger.personalWorkspaceId)
    assert.equal((await client.get(forged + moved.search)).status(), 403)
    // The owner still has everything.
    ;(
      await client.get(`/v1/content/assets/${data.asset.id}`).bearerToken(owner.token)
    ).assertStatus(200)
    ;(
      await client.get(`/v1/content/calendar/entries/${data.entry.id}`).bearerToken(owner.token)
    ).assertStatus(200)
  })

  test('API keys need the content scopes; no credential is a 401', async ({ client }) => {
    const owner = await registerAccount(client, 'contentkeys')
    const readKey = await createApiKey(client, owner, owner.personalWorkspaceId, ['content:read'])
    ;(await client.get('/v1/content/calendar/entries').bearerToken(readKey)).assertStatus(200)
    ;(
      await client.post('/v1/content/brand-kits').bearerToken(readKey).json({ asset_name: 'x' })
    ).assertStatus(403)
    const leadsKey = await createApiKey(client, owner, owner.personalWorkspaceId, ['leads:read'])
    ;(await client.get('/v1/content/assets').bearerToken(leadsKey)).assertStatus(403)
    ;(await client.get('/v1/content/templates')).assertStatus(401)
  })
})
