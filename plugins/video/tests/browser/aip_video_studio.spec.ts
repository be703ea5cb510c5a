import { test } from '@japa/runner'
import { registerAccount } from '#tests/helpers/accounts'
import { createEmbedKey, createEmbedSecretKey, mintSessionToken } from '#tests/helpers/embed'
import {
  embedHostPage,
  openWatchedPage,
  startHostSite,
  strictHostCsp,
  useChromium,
} from '#tests/helpers/browser'
import { runWorkerDuringGroup } from '#tests/helpers/worker'

test.group('Browser: <aip-video-studio> in a vendor app', (group) => {
  const chromium = useChromium(group)
  group.setup(() => runWorkerDuringGroup())

  test('an end user creates a video, edits a scene, renders it with the local providers and plays it; another end user sees none of it', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'browservid')
    const workspaceId = account.personalWorkspaceId
    let body = ''
    const site = await startHostSite(() => embedHostPage({ lang: 'fr', body }), strictHostCsp())
    chromium.sites.push(site)
    const key = await createEmbedKey(client, account, workspaceId, {
      allowed_origins: [site.origin],
      capabilities: ['video:studio'],
      rate_limit_per_minute: 600,
    })
    const secret = await createEmbedSecretKey(client, account, workspaceId)
    const maker = await mintSessionToken(secret, { sub: 'maker-7', scope: 'video:write' })
    const other = await mintSessionToken(secret, { sub: 'other-8', scope: 'video:write' })
    // Two instances on one page, two end users.
    body = `<aip-video-studio id="maker" key="${key.public_key}" session="${maker}" poll-interval="500"></aip-video-studio>
<aip-video-studio id="other" key="${key.public_key}" session="${other}"></aip-video-studio>`

    const watched = await openWatchedPage(chromium.browser)
    const { page } = watched
    await page.goto(site.origin)
    const studio = page.locator('#maker')
    await studio.getByRole('heading', { name: 'Nouvelle vidéo' }).waitFor()
    await page.locator('#other').getByText('Pas encore de vidéos.').waitFor()
    await watched.assertClean(assert)
    await studio.evaluate((element) => {
      const seen: string[] = []
      element.setAttribute('data-events', '')
      for (const name of ['aip-video-created', 'aip-video-rendered']) {
        element.addEventListener(name, () => {
          seen.push(name)
          element.setAttribute('data-events', seen.join(' '))
        })
      }
    })

    await studio
      .getByLabel('Quel est le but de la vidéo ?')
      .fill('Montrer notre veste imperméable aux randonneurs')
    await studio.getByLabel('Durée (secondes)').fill('6')
    await studio.getByRole('button', { name: 'Créer la vidéo' }).click()
    await studio.getByText('Vidéo créée : ses scènes sont en préparation.').waitFor()
    // The plan arrives (polled): edit the first scene's text.
    const caption = studio.getByLabel('Texte à l’écran').first()
    await caption.waitFor({ timeout: 60_000 })
    await caption.fill('Restez au sec')
    await studio.getByRole('button', { name: 'Enregistrer le plan' }).click()
    await studio.getByText('Plan des scènes enregistré.').waitFor()
    await watched.assertClean(assert)

    await studio.getByRole('button', { name: 'Lancer le rendu' }).click()
    await studio.locator('progress[part="progress"]').waitFor()
    const video = studio.locator('video[part="video"]')
    await video.waitFor({ timeout: 120_000 })
    await studio.getByText('Votre vidéo est prête.').waitFor()
    const readyState = await video.evaluate(
      (element: any) =>
        new Promise<number>((resolve) => {
          if (element.readyState >= 1) resolve(element.readyState)
          else element.addEventListener('loadedmetadata', () => resolve(element.readyState))
          // A player that cannot load (CSP, codec, link) fails here instead of hanging.
          setTimeout(() => resolve(-(element.error?.code ?? 0)), 15_000)
        })
    )
    assert.isAtLeast(readyState, 1)
    const duration = await video.evaluate((element: any) => element.duration)
    assert.approximately(duration, 6, 0.5)
    assert.equal(await studio.getAttribute('data-events'), 'aip-video-created aip-video-rendered')
    await watched.assertClean(assert)

    // The workspace sees the end user's project, with the edited scene.
    const listed = await client.get('/v1/video/projects').bearerToken(account.token)
    listed.assertStatus(200)
    const project = listed.body().data[0]
    assert.equal(project.status, 'completed')
    assert.isString(project.created_by_end_user_id)
    assert.equal(project.scene_plan.scenes[0].caption, 'Restez au sec')

    // After a reload, the other end user still has no video; the maker has one.
    await page.reload()
    await page.locator('#other').getByText('Pas encore de vidéos.').waitFor()
    await studio.locator('[part="projects"] li').first().waitFor()
    assert.equal(await studio.locator('[part="projects"] li').count(), 1)
    assert.equal(await page.locator('#other [part="projects"] li').count(), 0)
    await watched.assertClean(assert)
    await page.close()
  })

  test('without a session, or with an expired one, the studio says so', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'browservid2')
    const workspaceId = account.personalWorkspaceId
    let body = ''
    const site = await startHostSite(() => embedHostPage({ body }), strictHostCsp())
    chromium.sites.push(site)
    const key = await createEmbedKey(client, account, workspaceId, {
      allowed_origins: [site.origin],
      capabilities: ['video:studio'],
    })
    const secret = await createEmbedSecretKey(client, account, workspaceId)

    body = `<aip-video-studio key="${key.public_key}"></aip-video-studio>`
    const anonymous = await openWatchedPage(chromium.browser)
    await anonymous.page.goto(site.origin)
    await anonymous.page
      .locator('aip-video-studio')
      .getByRole('alert')
      .getByText('Sign in to use the video studio.')
      .waitFor()
    await anonymous.assertClean(assert)
    await anonymous.page.close()

    const past = Math.floor(Date.now() / 1000) - 3600
    const expired = await mintSessionToken(secret, {
      sub: 'late',
      scope: 'video:write',
      iat: past,
      exp: past + 60,
    })
    body = `<aip-video-studio key="${key.public_key}" session="${expired}"></aip-video-studio>`
    const refused = await openWatchedPage(chromium.browser)
    await refused.page.goto(site.origin)
    await refused.page
      .locator('aip-video-studio')
      .getByRole('alert')
      .getByText('Your session has expired. Reload the page to sign in again.')
      .waitFor()
    await refused.assertClean(assert, { allowConsole: /401/ })
    await refused.page.close()
  })
})
