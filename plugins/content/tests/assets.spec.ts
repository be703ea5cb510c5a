import { test } from '@japa/runner'
import sharp from 'sharp'
import { signLink, withService, workspaceStorage } from '#sdk'
import { registerAccount } from '#tests/helpers/accounts'
import { waitFor } from '#tests/helpers/wait_for'
import { assertMatchesSpec } from '#tests/helpers/openapi'
import contentConfig from '../content_config.js'
import { ASSET_LINK_PURPOSE, linkSubject } from '../services/asset_service.js'
import { tinyPdf, uploadAsset } from './helpers.js'

/** A PNG of the given size. */
function png(width: number, height: number) {
  return sharp({ create: { width, height, channels: 3, background: '#3366ff' } })
    .png()
    .toBuffer()
}

/** A 16-bit mono PCM WAV of `seconds` at 8 kHz. */
function wav(seconds: number) {
  const data = Buffer.alloc(8000 * 2 * seconds)
  const header = Buffer.alloc(44)
  header.write('RIFF', 0, 'latin1')
  header.writeUInt32LE(36 + data.length, 4)
  header.write('WAVEfmt ', 8, 'latin1')
  header.writeUInt32LE(16, 16)
  header.writeUInt16LE(1, 20)
  header.writeUInt16LE(1, 22)
  header.writeUInt32LE(8000, 24)
  header.writeUInt32LE(16000, 28)
  header.writeUInt16LE(2, 32)
  header.writeUInt16LE(16, 34)
  header.write('data', 36, 'latin1')
  header.writeUInt32LE(data.length, 40)
  return Buffer.concat([header, data])
}

/** An MP4 made of an ftyp box and a moov box whose mvhd says 12.5 s. */
function mp4() {
  const box = (type: string, body: Buffer) => {
    const head = Buffer.alloc(8)
    head.writeUInt32BE(8 + body.length, 0)
    head.write(type, 4, 'latin1')
    return Buffer.concat([head, body])
  }
  const ftyp = box(
    'ftyp',
    Buffer.concat([
      Buffer.from('isom', 'latin1'),
      Buffer.from([0, 0, 2, 0]),
      Buffer.from('isomiso2mp41', 'latin1'),
    ])
  )
  const mvhd = Buffer.alloc(100)
  mvhd.writeUInt32BE(1000, 12) // timescale
  mvhd.writeUInt32BE(12_500, 16) // duration
  return Buffer.concat([ftyp, box('moov', box('mvhd', mvhd)), box('mdat', Buffer.alloc(64))])
}

/** GETs a signed link against the test server, without credentials. */
function fetchLink(url: string) {
  const { pathname, search } = new URL(url)
  return fetch(`http://${process.env.HOST}:${process.env.PORT}${pathname}${search}`)
}

test.group('Content assets', () => {
  test('uploads an image: type from the bytes, dimensions, a thumbnail and signed links', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'assets')
    const bytes = await png(1200, 800)
    const response = await uploadAsset(client, account, bytes, 'hero.png', {
      tags: 'Spring, launch ,spring',
    })
    response.assertStatus(201)
    await assertMatchesSpec(response)
    const asset = response.body()
    assert.include(asset, {
      asset_type: 'image',
      mime_type: 'image/png',
      width: 1200,
      height: 800,
      file_name: 'hero.png',
    })
    assert.equal(asset.file_size, bytes.length)
    assert.isTrue(asset.has_thumbnail)
    assert.deepEqual(asset.tags, ['spring', 'launch'])
    assert.notProperty(asset, 'storage_path')

    const links = await client
      .get(`/v1/content/assets/${asset.id}/links`)
      .bearerToken(account.token)
    links.assertStatus(200)
    await assertMatchesSpec(links)
    const original = await fetchLink(links.body().url)
    assert.equal(original.status, 200)
    assert.equal(original.headers.get('content-type'), 'image/png')
    assert.equal(original.headers.get('x-content-type-options'), 'nosniff')
    assert.isTrue(Buffer.from(await original.arrayBuffer()).equals(bytes))
    const thumb = await fetchLink(links.body().thumbnail_url)
    assert.equal(thumb.status, 200)
    assert.equal(thumb.headers.get('content-type'), 'image/webp')
    const thumbSize = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata()
    assert.deepEqual([thumbSize.format, thumbSize.width, thumbSize.height], ['webp', 320, 213])

    const tampered = new URL(links.body().url)
    tampered.searchParams.set('signature', 'x' + tampered.searchParams.get('signature')!.slice(1))
    ;(await client.get(tampered.pathname + tampered.search)).assertStatus(403)
    const otherVariant = new URL(links.body().url)
    ;(
      await client.get(
        otherVariant.pathname.replace('/original', '/thumbnail') + otherVariant.search
      )
    ).assertStatus(403)
    const expired = signLink(
      ASSET_LINK_PURPOSE,
      linkSubject(asset.workspace_id, asset.id, 'original'),
      new Date(Date.now() - 1000)
    )
    ;(
      await client.get(
        `/v1/content/asset-files/${asset.workspace_id}/${asset.id}/original?${expired.query}`
      )
    ).assertStatus(410)
    const url = new URL(links.body().url)
    assert.closeTo(
      new Date(links.body().expires_at).getTime(),
      Date.now() + contentConfig.signedUrlSeconds * 1000,
      5000
    )
    assert.isNotNull(url.searchParams.get('expires'))
  })

  test('uploads a PDF, a WAV and an MP4 with their durations; refuses a disguised file', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'assetkinds')
    const pdf = await uploadAsset(client, account, tinyPdf(), 'brochure.pdf')
    pdf.assertStatus(201)
    assert.include(pdf.body(), {
      asset_type: 'document',
      mime_type: 'application/pdf',
      has_thumbnail: false,
    })
    const audio = await uploadAsset(client, account, wav(2), 'jingle.wav')
    audio.assertStatus(201)
    assert.equal(audio.body().asset_type, 'audio')
    assert.closeTo(audio.body().duration_seconds, 2, 0.001)
    const video = await uploadAsset(client, account, mp4(), 'clip.mp4')
    video.assertStatus(201)
    assert.equal(video.body().asset_type, 'video')
    assert.equal(video.body().duration_seconds, 12.5)

    const disguised = await uploadAsset(
      client,
      account,
      Buffer.from('<html><script>alert(1)</script></html>'),
      'photo.png'
    )
    disguised.assertStatus(415)
    await assertMatchesSpec(disguised)
    const exe = await uploadAsset(
      client,
      account,
      Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]),
      'invoice.pdf'
    )
    exe.assertStatus(415)
    const list = await client.get('/v1/content/assets').bearerToken(account.token)
    assert.lengthOf(list.body().data, 3, 'refused files leave no row')
  })

  test('an Idempotency-Key replays the same upload and refuses another file under the same key', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'assetidem')
    const bytes = await png(30, 30)
    const send = (file: Buffer) =>
      client
        .post('/v1/content/assets')
        .bearerToken(account.token)
        .header('idempotency-key', 'upload-1')
        .file('file', file, { filename: 'x.png' })
    const first = await send(bytes)
    first.assertStatus(201)
    const replay = await send(bytes)
    replay.assertStatus(201)
    assert.equal(replay.body().id, first.body().id)
    const other = await send(await png(31, 31))
    other.assertStatus(422)
    const list = await client.get('/v1/content/assets').bearerToken(account.token)
    assert.lengthOf(list.body().data, 1)
  })

  test('refuses a file over the size limit with a 413, and a request without a file', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'assetlimit')
    const previous = contentConfig.maxAssetBytes
    contentConfig.maxAssetBytes = 64 * 1024
    try {
      const big = Buffer.concat([await png(10, 10), Buffer.alloc(200 * 1024)])
      const response = await uploadAsset(client, account, big, 'big.png')
      response.assertStatus(413)
      assert.equal(response.body().type, '/problems/payload-too-large')
    } finally {
      contentConfig.maxAssetBytes = previous
    }
    const none = await client
      .post('/v1/content/assets')
      .bearerToken(account.token)
      .field('tags', 'x')
    none.assertStatus(422)
    const json = await client
      .post('/v1/content/assets')
      .bearerToken(account.token)
      .json({ tags: 'x' })
    json.assertStatus(422)
    const anonymous = await client
      .post('/v1/content/assets')
      .file('file', await png(4, 4), { filename: 'a.png' })
    anonymous.assertStatus(401)
    const list = await client.get('/v1/content/assets').bearerToken(account.token)
    assert.lengthOf(list.body().data, 0)
  })

  test('searches by name and tag, renames, replaces the file and deletes it after commit', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'assetsearch')
    const a = (
      await uploadAsset(client, account, await png(20, 20), 'Summer banner.png', {
        tags: 'summer,banner',
      })
    ).body()
    const b = (
      await uploadAsset(client, account, tinyPdf(), 'price-list.pdf', { tags: 'sales' })
    ).body()
    const search = async (qs: Record<string, string>) =>
      (await client.get('/v1/content/assets').qs(qs).bearerToken(account.token))
        .body()
        .data.map((x: { id: string }) => x.id)
    assert.deepEqual(await search({ q: 'banner' }), [a.id])
    assert.deepEqual(await search({ q: 'sales' }), [b.id])
    assert.deepEqual(await search({ tag: 'SUMMER' }), [a.id])
    assert.deepEqual(await search({ asset_type: 'document' }), [b.id])
    assert.deepEqual(await search({ q: '%' }), [])

    const renamed = await client
      .patch(`/v1/content/assets/${a.id}`)
      .bearerToken(account.token)
      .json({ file_name: 'Hero.png', tags: ['Hero'] })
    renamed.assertStatus(200)
    assert.deepEqual(renamed.body().tags, ['hero'])

    const keys = () =>
      withService(({ trx }) =>
        trx
          .from('digital_assets')
          .select('storage_path', 'thumbnail_path')
          .where('id', a.id)
          .first()
      )
    const before = await keys()
    const storage = workspaceStorage(a.workspace_id)
    assert.isTrue(await storage.exists(before.storage_path))
    const replaced = await client
      .put(`/v1/content/assets/${a.id}/file`)
      .bearerToken(account.token)
      .file('file', tinyPdf(), { filename: 'whatever.bin' })
    replaced.assertStatus(200)
    assert.include(replaced.body(), {
      asset_type: 'document',
      has_thumbnail: false,
      file_name: 'Hero.png',
    })
    await waitFor(
      async () =>
        !(await storage.exists(before.storage_path)) &&
        !(await storage.exists(before.thumbnail_path))
    )
    const after = await keys()
    assert.isTrue(await storage.exists(after.storage_path))

    const deleted = await client.delete(`/v1/content/assets/${a.id}`).bearerToken(account.token)
    deleted.assertStatus(204)
    await waitFor(async () => !(await storage.exists(after.storage_path)))
    ;(await client.get(`/v1/content/assets/${a.id}`).bearerToken(account.token)).assertStatus(404)
  })
})
