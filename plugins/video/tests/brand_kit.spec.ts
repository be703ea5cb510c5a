import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from '@japa/runner'
import sharp from 'sharp'
import { isPluginEnabled, withTenant, workspaceStorage } from '#sdk'
import { registerAccount, type TestAccount } from '#tests/helpers/accounts'
import { runWorkerDuringGroup } from '#tests/helpers/worker'
import { waitFor } from '#tests/helpers/wait_for'
import {
  DEFAULT_BRAND_KIT,
  mapContentKit,
  resolveBrandKit,
  sharedBrandKit,
  videoFontOf,
} from '../services/brand_kit.js'
import { projectFolder } from '../services/pipeline.js'
import { PLATFORM_FORMATS } from '../services/platforms.js'
import { createProject, ffmpegForTests, identityOf, projectRow } from './helpers.js'
import type { ApiClient } from '@japa/api-client'

/** The RGB of a `#rrggbb` colour. */
const rgbOf = (hex: string) => [1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16))

/** Whether two colours differ by at most `tolerance` in every channel. */
function near(actual: number[], expected: number[], tolerance: number) {
  return actual.every((value, index) => Math.abs(value - expected[index]) <= tolerance)
}

/** Generates a project and waits for its end (completed or failed). */
async function render(client: ApiClient, account: TestAccount, id: string) {
  const started = await client.post(`/v1/video/projects/${id}/generate`).bearerToken(account.token)
  started.assertStatus(202)
  return waitFor(async () => {
    const row = await projectRow(id)
    return ['completed', 'failed'].includes(row.status) ? row : null
  }, 150_000)
}

/** The top-left and bottom-right pixels of a project's first scene picture (from the workspace storage). */
async function sceneCorners(account: TestAccount, id: string) {
  const bytes = await workspaceStorage(account.personalWorkspaceId).getBytes(
    `${projectFolder(id)}/scene-0.png`
  )
  const { data, info } = await sharp(bytes)
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true })
  const at = (x: number, y: number) => [
    ...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3),
  ]
  return { topLeft: at(0, 0), bottomRight: at(info.width - 1, info.height - 1) }
}

/** One pixel of the first frame of a project's rendered video. */
async function videoPixel(account: TestAccount, id: string, x: number, y: number) {
  const file = join(mkdtempSync(join(tmpdir(), 'aip-video-kit-')), 'video.mp4')
  writeFileSync(
    file,
    await workspaceStorage(account.personalWorkspaceId).getBytes(`${projectFolder(id)}/video.mp4`)
  )
  const frame = execFileSync(
    ffmpegForTests(),
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-i',
      file,
      '-frames:v',
      '1',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      '-',
    ],
    { maxBuffer: 64 * 1024 * 1024 }
  )
  const { width } = PLATFORM_FORMATS.Landscape
  const offset = (y * width + x) * 3
  return [...frame.subarray(offset, offset + 3)]
}

test.group('Video: the workspace brand kit from the content plugin', (group) => {
  group.setup(() => runWorkerDuringGroup())

  test('a project without brand settings wears the active kit (colours, font, logo); its own settings win', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'videokit')
    if (!(await isPluginEnabled('content'))) {
      // Without the content plugin there is no shared kit: the defaults and the project's settings apply.
      await withTenant(identityOf(account), async () => {
        assert.isNull(await sharedBrandKit())
        assert.deepEqual(await resolveBrandKit({}), DEFAULT_BRAND_KIT)
      })
      return
    }
    const magenta = await sharp({
      create: { width: 64, height: 64, channels: 3, background: '#ff00ff' },
    })
      .png()
      .toBuffer()
    const upload = await client
      .post('/v1/content/assets')
      .bearerToken(account.token)
      .file('file', magenta, { filename: 'logo.png' })
    upload.assertStatus(201)
    const kit = await client
      .post('/v1/content/brand-kits')
      .bearerToken(account.token)
      .json({
        asset_name: 'Spring kit',
        colors: { primary: '#0B3D2E', accent: '#F59E0B', on_primary: '#FAFAFA' },
        fonts: { heading: 'Merriweather', body: 'Inter' },
        logo_asset_id: upload.body().id,
      })
    kit.assertStatus(201)
    assert.isTrue(kit.body().is_active)

    const shared = await withTenant(identityOf(account), () => sharedBrandKit())
    assert.deepEqual(shared, {
      primary_color: '#0b3d2e',
      secondary_color: '#f59e0b',
      text_color: '#fafafa',
      font: 'serif-bold',
      logo_key: shared!.logo_key,
    })
    assert.match(shared!.logo_key!, new RegExp(`^content/assets/${upload.body().id}/`))

    const plain = await createProject(client, account, { duration_s: 2, platform: 'Landscape' })
    const own = await createProject(client, account, {
      duration_s: 2,
      platform: 'Landscape',
      brand_kit: { primary_color: '#123456', secondary_color: '#abcdef' },
    })
    assert.equal((await render(client, account, plain.id)).status, 'completed')
    assert.equal((await render(client, account, own.id)).status, 'completed')

    // The pictures are a gradient from the primary (top left) to the secondary colour (bottom right).
    const kitCorners = await sceneCorners(account, plain.id)
    assert.isTrue(near(kitCorners.topLeft, rgbOf('#0b3d2e'), 40), `${kitCorners.topLeft}`)
    assert.isTrue(near(kitCorners.bottomRight, rgbOf('#f59e0b'), 40), `${kitCorners.bottomRight}`)
    const ownCorners = await sceneCorners(account, own.id)
    assert.isTrue(near(ownCorners.topLeft, rgbOf('#123456'), 40), `${ownCorners.topLeft}`)
    assert.isTrue(near(ownCorners.bottomRight, rgbOf('#abcdef'), 40), `${ownCorners.bottomRight}`)

    // The kit's logo is in the top right corner of the video (the renderer's overlay position).
    const { width: W, height: H } = PLATFORM_FORMATS.Landscape
    const logoSize = Math.round((Math.min(W, H) * 0.2) / 2) * 2
    const x = W - Math.round(W * 0.05) - logoSize / 2
    const y = Math.round(H * 0.04) + logoSize / 2
    const logo = await videoPixel(account, plain.id, x, y)
    assert.isTrue(near(logo, [255, 0, 255], 40), `${logo}`)
    // The project's own settings set no logo, so it wears the kit's too; below it is the picture.
    assert.isTrue(near(await videoPixel(account, own.id, x, y), [255, 0, 255], 40))
    assert.isFalse(near(await videoPixel(account, plain.id, x, y + logoSize), [255, 0, 255], 40))
  }).timeout(300_000)

  test('a content kit maps to the video fields; what it does not set is left to the defaults', ({
    assert,
  }) => {
    assert.deepEqual(
      mapContentKit(
        {
          asset_data: { colors: { primary: '#AABBCC', secondary: 'red' }, fonts: {} },
          logo_asset_id: null,
        },
        null
      ),
      { primary_color: '#aabbcc' }
    )
    assert.equal(videoFontOf('JetBrains Mono'), 'mono')
    assert.equal(videoFontOf('Oswald'), 'condensed')
    assert.equal(videoFontOf('PT Serif'), 'serif-bold')
    assert.equal(videoFontOf('Source Sans Pro'), 'sans-bold')
    assert.isUndefined(videoFontOf(' '))
  })
})
