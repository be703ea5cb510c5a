import { test } from '@japa/runner'
import { registerAccount } from '#tests/helpers/accounts'
import { createEmbedKey, createEmbedSecretKey, mintSessionToken } from '#tests/helpers/embed'
import {
  embedHostPage,
  useChromium,
  openWatchedPage,
  startHostSite,
  strictHostCsp,
} from '#tests/helpers/browser'
import { runDailyAutopilot } from '#plugins/autopilot/services/daily_run'
import {
  dayFromToday,
  expectStatus,
  jobIdentity,
  setUpWorkspace,
} from '#plugins/autopilot/tests/helpers'

test.group('Browser: <aip-autopilot-inbox> in a vendor app', (group) => {
  const chromium = useChromium(group)

  test('an end user approves a proposal and sees the lead inbox; a read-only user sees no buttons; a forged session is refused', async ({
    client,
    assert,
  }) => {
    const account = await registerAccount(client, 'browserap')
    const { campaigns } = await setUpWorkspace(client, account)
    await runDailyAutopilot(jobIdentity(account), dayFromToday(0))
    const workspaceId = account.personalWorkspaceId
    let body = ''
    const site = await startHostSite(() => embedHostPage({ lang: 'fr', body }), strictHostCsp())
    chromium.sites.push(site)
    const key = await createEmbedKey(client, account, workspaceId, {
      allowed_origins: [site.origin],
      capabilities: ['autopilot:inbox'],
    })
    const secret = await createEmbedSecretKey(client, account, workspaceId)
    const cfo = await mintSessionToken(secret, { sub: 'cfo-9', scope: 'autopilot:write' })
    const analyst = await mintSessionToken(secret, { sub: 'analyst-3', scope: 'autopilot:read' })
    // Two instances: a deciding user and a read-only one.
    body = `<aip-autopilot-inbox id="cfo" key="${key.public_key}" session="${cfo}" currency="EUR"></aip-autopilot-inbox>
<aip-autopilot-inbox id="analyst" key="${key.public_key}" session="${analyst}"></aip-autopilot-inbox>`

    const watched = await openWatchedPage(chromium.browser)
    const { page } = watched
    await page.goto(site.origin)
    const inbox = page.locator('#cfo')
    const pause = inbox.locator('[part="proposal"]', { hasText: 'Mettre en pause display' })
    await pause.waitFor()
    assert.match((await pause.textContent()) ?? '', /100,00\s€ → 0,00\s€/)
    await inbox.getByRole('table', { name: 'Boîte des leads' }).waitFor()
    assert.isAbove(await inbox.getByRole('row').count(), 1)
    const analystView = page.locator('#analyst')
    await analystView.locator('[part="proposal"]').first().waitFor()
    assert.equal(await analystView.getByRole('button').count(), 0)
    await watched.assertClean(assert)

    await pause.getByLabel('Note (facultative)').fill('Display ne convertit pas')
    await pause.getByRole('button', { name: 'Approuver' }).click()
    await inbox
      .getByRole('status')
      .getByText(/^Approuvé et appliqué : Mettre en pause display/)
      .waitFor()
    assert.equal(await inbox.locator('[part="proposal"]', { hasText: 'display' }).count(), 0)
    await watched.assertClean(assert)

    // Applied through the platform's approval path: the campaign budget and the decision.
    const display = await expectStatus(
      client.get(`/v1/campaigns/${campaigns.display}`).bearerToken(account.token),
      200
    )
    assert.equal(display.settings.daily_budget, 0)
    const proposals = await expectStatus(
      client.get('/v1/autopilot/proposals?status=applied').bearerToken(account.token),
      200
    )
    const applied = proposals.data.find((row: any) => row.channel === 'display')
    assert.equal(applied.decision_note, 'Display ne convertit pas')
    assert.isString(applied.decided_by_end_user_id)
    await page.close()

    // A forged token: the element asks to sign in again and reports the 401.
    const forged = await mintSessionToken(
      secret,
      { sub: 'cfo-9', scope: 'autopilot:write' },
      'sk_forgedforgedforgedforgedforgedforgedforge'
    )
    body = `<aip-autopilot-inbox key="${key.public_key}" session="${forged}"></aip-autopilot-inbox>`
    const refused = await openWatchedPage(chromium.browser)
    await refused.page.goto(site.origin)
    await refused.page
      .locator('aip-autopilot-inbox')
      .getByRole('alert')
      .getByText('Votre session a expiré. Rechargez la page pour vous reconnecter.')
      .waitFor()
    await refused.assertClean(assert, { allowConsole: /401/ })
    await refused.page.close()
  })
})
