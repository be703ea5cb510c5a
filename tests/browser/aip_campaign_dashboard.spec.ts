import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import type { Page } from 'playwright-core'
import { registerAccount, type TestAccount } from '#tests/helpers/accounts'
import { createEmbedKey, createEmbedSecretKey, mintSessionToken } from '#tests/helpers/embed'
import {
  embedHostPage,
  useChromium,
  openWatchedPage,
  PLATFORM,
  startHostSite,
  strictHostCsp,
  type HostSite,
} from '#tests/helpers/browser'

/** The strictest policy a vendor might use: platform only, Trusted Types required. */
const HOST_CSP = strictHostCsp()

/** A vendor's page: the dashboard's own bundle and one element, nothing inline. */
function hostPage(attributes: string, lang = 'en') {
  return embedHostPage({
    body: `<aip-campaign-dashboard ${attributes}></aip-campaign-dashboard>`,
    lang,
    script: `${PLATFORM}/embed/v1/elements/aip-campaign-dashboard.js`,
  })
}

/**
 * A vendor set up for the dashboard: a page on its own origin, a publishable
 * key with `campaigns:metrics` for it, and a secret key its backend signs
 * end-user sessions with.
 */
async function vendor(client: ApiClient, account: TestAccount, sites: HostSite[], lang = 'en') {
  let attributes = ''
  const site = await startHostSite(() => hostPage(attributes, lang), HOST_CSP)
  sites.push(site)
  const key = await createEmbedKey(client, account, account.personalWorkspaceId, {
    capabilities: ['campaigns:metrics'],
    allowed_origins: [site.origin],
  })
  const secret = await createEmbedSecretKey(client, account, account.personalWorkspaceId)
  const session = await mintSessionToken(secret, {
    sub: 'customer-7',
    name: 'Grace',
    scope: 'campaigns:read',
  })
  return {
    site,
    key,
    secret,
    session,
    /** Sets the element's attributes for the next page load. */
    render(extra: string, token = session) {
      attributes = `key="${key.public_key}" session="${token}" ${extra}`
    },
  }
}

/** `count` days ending today (UTC), oldest first. */
function lastDays(count: number) {
  return Array.from({ length: count }, (_unused, index) => {
    const date = new Date()
    date.setUTCDate(date.getUTCDate() - (count - 1 - index))
    return date.toISOString().slice(0, 10)
  })
}

/**
 * A campaign with 30 days of demo-like metrics, created through the API:
 * weekly waves with a trend, a day without data, derived from the day index.
 */
async function campaignWithMetrics(client: ApiClient, account: TestAccount, name: string) {
  const created = await client.post('/v1/campaigns').bearerToken(account.token).json({ name })
  created.assertStatus(201)
  const days = lastDays(30)
  const metrics = days.flatMap((metric_date, index) => {
    if (index === 12) return []
    const impressions = 800 + 40 * index + 150 * ((index * 3) % 7)
    const clicks = Math.round(impressions * (0.03 + (index % 5) / 500))
    const conversions = Math.round(clicks * 0.08)
    const cost = Math.round(clicks * 0.42 * 100) / 100
    const revenue = conversions * 18.5
    return Object.entries({ impressions, clicks, conversions, cost, revenue }).map(
      ([metric_type, metric_value]) => ({ metric_type, metric_value, metric_date })
    )
  })
  const ingest = await client
    .post(`/v1/campaigns/${created.body().id}/metrics`)
    .bearerToken(account.token)
    .json({ metrics })
  ingest.assertStatus(200)
  return created.body() as { id: string; name: string }
}

/** Records the elements' aip-* events on the page (through the devtools protocol, not a page script). */
async function recordEvents(page: Page) {
  await page.addInitScript(() => {
    const browser = globalThis as any
    const log: { type: string; detail: unknown }[] = []
    browser.aipEvents = log
    for (const type of ['aip-load', 'aip-error', 'aip-table-toggle']) {
      browser.document.addEventListener(type, (event: { detail: unknown }) =>
        log.push({ type, detail: event.detail })
      )
    }
  })
}

function eventsOf(page: Page): Promise<{ type: string; detail: any }[]> {
  return page.evaluate(() => (globalThis as any).aipEvents)
}

/** What has keyboard focus, through shadow roots: its `part` or tag name. */
function focused(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    let element = (globalThis as any).document.activeElement
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement
    return element ? element.getAttribute('part') || element.localName : null
  })
}

test.group('Browser: <aip-campaign-dashboard> on a vendor site', (group) => {
  const chromium = useChromium(group)

  test('renders KPIs and charts under a strict CSP with Trusted Types; the table holds the API numbers and is reached by keyboard', async ({
    client,
    assert,
  }) => {
    const admin = await registerAccount(client, 'dashboard')
    const campaign = await campaignWithMetrics(client, admin, 'Autumn sale')
    const { site, key, session, render } = await vendor(client, admin, chromium.sites)
    render('days="30" metrics="impressions,clicks,ctr"')

    const watched = await openWatchedPage(chromium.browser)
    const { page } = watched
    await recordEvents(page)
    await page.goto(site.origin)
    const dashboard = page.locator('aip-campaign-dashboard')
    await dashboard.locator('[data-kpi="impressions"] dd').waitFor()

    const api = await client
      .get(`/v1/embed/campaigns/${campaign.id}/summary`)
      .qs({ days: 30 })
      .header('x-embed-key', key.public_key)
      .header('authorization', `Bearer ${session}`)
      .header('origin', site.origin)
    api.assertStatus(200)
    const { summary, series } = api.body()
    const en = new Intl.NumberFormat('en', { maximumFractionDigits: 2 })
    assert.equal(
      (await dashboard.locator('[data-kpi="impressions"] dd').textContent())?.trim(),
      en.format(summary.impressions)
    )
    assert.equal(
      (await dashboard.locator('[data-kpi="clicks"] dd').textContent())?.trim(),
      en.format(summary.clicks)
    )

    // Three charts (several instances), each a drawn canvas sized to its container.
    const charts = dashboard.locator('aip-metric-chart')
    assert.equal(await charts.count(), 3)
    await charts.nth(2).locator('canvas').waitFor()
    const widths = await charts.evaluateAll((elements: any[]) =>
      elements.map((element) => {
        const plot = element.shadowRoot.querySelector('.plot')
        return [
          Math.floor(plot.getBoundingClientRect().width),
          element.shadowRoot.querySelector('.uplot').getBoundingClientRect().width,
        ]
      })
    )
    for (const [container, drawn] of widths) assert.closeTo(drawn, container, 2)

    // Keyboard only: Tab to the first chart's table toggle, open it, Tab into the table.
    let reached: string | null = null
    for (let step = 0; step < 8 && reached !== 'toggle'; step++) {
      await page.keyboard.press('Tab')
      reached = await focused(page)
    }
    assert.equal(reached, 'toggle')
    await page.keyboard.press('Enter')
    await page.keyboard.press('Tab')
    assert.equal(await focused(page), 'table')
    const cells = await charts
      .first()
      .locator('td[data-key="impressions"]')
      .evaluateAll((elements: any[]) => elements.map((cell) => Number(cell.dataset.value)))
    assert.deepEqual(
      cells,
      series.map((day: { impressions: number }) => day.impressions)
    )
    const firstRow = await charts.first().locator('tbody tr').first().textContent()
    assert.include(firstRow!.replace(/\s+/g, ' '), en.format(series[0].impressions))

    // The container shrinks: the plots follow.
    await page.setViewportSize({ width: 480, height: 900 })
    await page.waitForFunction(() => {
      const chart = (globalThis as any).document
        .querySelector('aip-campaign-dashboard')
        .shadowRoot.querySelector('aip-metric-chart')
      return chart.shadowRoot.querySelector('.uplot').getBoundingClientRect().width < 470
    })

    // Series colours come from the theme tokens, and follow a change without reload.
    const colours = await charts.first().evaluate(async (element: any) => {
      const stroke = () => element.plot.series[1].stroke(element.plot, 1)
      const before = stroke()
      element
        .getRootNode()
        .host.closest('main')
        .style.setProperty('--aip-color-primary', 'rgb(109, 40, 217)')
      await element.refreshTheme()
      return [before, stroke()]
    })
    assert.deepEqual(colours, ['#0b57d0', 'rgb(109, 40, 217)'])

    // With the table open: no CSP violation, no console error, no axe violation.
    await watched.assertClean(assert)
    const events = await eventsOf(page)
    assert.deepEqual(
      events.map((event) => event.type),
      ['aip-load', 'aip-table-toggle']
    )
    assert.equal(events[0].detail.campaign.id, campaign.id)
    await page.close()
  })

  test('a workspace theme change shows without reload: one theme request per refresh for every element of the key, the charts redraw', async ({
    client,
    assert,
  }) => {
    const admin = await registerAccount(client, 'dashboardtheme')
    await campaignWithMetrics(client, admin, 'Themed')
    const setTheme = async (primary: string) => {
      const response = await client
        .put('/v1/embed/theme-settings')
        .bearerToken(admin.token)
        .header('x-workspace-id', admin.personalWorkspaceId)
        .json({ colors: { primary } })
      response.assertStatus(200)
    }
    await setTheme('#0f766e')
    // The dashboard and a support form with the same key on one page (all-in-one bundle).
    let body = ''
    const site = await startHostSite(() => embedHostPage({ body }), HOST_CSP)
    chromium.sites.push(site)
    const key = await createEmbedKey(client, admin, admin.personalWorkspaceId, {
      capabilities: ['campaigns:metrics', 'support:submit'],
      allowed_origins: [site.origin],
    })
    const secret = await createEmbedSecretKey(client, admin, admin.personalWorkspaceId)
    const session = await mintSessionToken(secret, { sub: 'customer-9', scope: 'campaigns:read' })
    body = `<aip-campaign-dashboard key="${key.public_key}" session="${session}" metrics="impressions,clicks"></aip-campaign-dashboard>
<aip-support-form key="${key.public_key}"></aip-support-form>`

    const watched = await openWatchedPage(chromium.browser)
    const { page } = watched
    let themeRequests = 0
    page.on('request', (request) => {
      if (request.method() === 'GET' && new URL(request.url()).pathname === '/v1/embed/theme') {
        themeRequests++
      }
    })
    await page.goto(site.origin)

    /**
     * Waits until both elements wear the primary colour: the support form's
     * button and each chart's legend swatch (computed: `rgb`) and the first
     * series drawn on the canvas (`hex`, as the theme sets it); then returns
     * the colour each element resolves.
     */
    const wears = async (rgb: string, hex: string) => {
      await page.waitForFunction(
        ([expectedRgb, expectedHex]) => {
          const browserGlobal = globalThis as any
          const document = browserGlobal.document
          const charts = [
            ...document
              .querySelector('aip-campaign-dashboard')
              .shadowRoot.querySelectorAll('aip-metric-chart'),
          ]
          const button = document
            .querySelector('aip-support-form')
            .shadowRoot.querySelector('[part="submit"]')
          return (
            charts.length === 2 &&
            browserGlobal.getComputedStyle(button).backgroundColor === expectedRgb &&
            charts.every((chart: any) => {
              const swatch = chart.shadowRoot.querySelector('.swatch')
              return (
                swatch &&
                chart.plot &&
                browserGlobal.getComputedStyle(swatch).backgroundColor === expectedRgb &&
                chart.plot.series[1].stroke(chart.plot, 1) === expectedHex
              )
            })
          )
        },
        [rgb, hex]
      )
      return page.evaluate(() =>
        ['aip-campaign-dashboard', 'aip-support-form'].map((name) =>
          (globalThis as any)
            .getComputedStyle((globalThis as any).document.querySelector(name))
            .getPropertyValue('--aip-color-primary')
        )
      )
    }

    assert.deepEqual(await wears('rgb(15, 118, 110)', '#0f766e'), ['#0f766e', '#0f766e'])
    assert.equal(themeRequests, 1, 'one request for both elements of the key')

    // The admin changes the theme; the page dispatches the refresh; nothing reloads.
    await setTheme('#b91c1c')
    await page.evaluate(() =>
      (globalThis as any).document.dispatchEvent(new (globalThis as any).Event('aip-theme-refresh'))
    )
    assert.deepEqual(await wears('rgb(185, 28, 28)', '#b91c1c'), ['#b91c1c', '#b91c1c'])
    assert.equal(themeRequests, 2, 'fetched again, once for both elements')

    // One element's refreshTheme() fetches the theme again for every element of its key.
    await setTheme('#6d28d9')
    await page.locator('aip-support-form').evaluate((element: any) => element.refreshTheme())
    assert.deepEqual(await wears('rgb(109, 40, 217)', '#6d28d9'), ['#6d28d9', '#6d28d9'])
    assert.equal(themeRequests, 3)

    await watched.assertClean(assert)
    await page.close()
  })

  test('in German: labels, numbers and days are localised; switching the range reloads', async ({
    client,
    assert,
  }) => {
    const admin = await registerAccount(client, 'dashboardde')
    await campaignWithMetrics(client, admin, 'Herbst')
    const { site, render } = await vendor(client, admin, chromium.sites, 'de')
    render('metrics="impressions"')
    const watched = await openWatchedPage(chromium.browser)
    const { page } = watched
    await page.goto(site.origin)
    const dashboard = page.locator('aip-campaign-dashboard')
    await dashboard.getByText('Impressionen').first().waitFor()
    const kpi = (await dashboard.locator('[data-kpi="impressions"] dd').textContent())!.trim()
    assert.match(kpi, /^\d{1,3}(\.\d{3})+$/, 'German thousands separator')
    await dashboard.getByLabel('Zeitraum').selectOption('7')
    await page.waitForFunction(
      () =>
        (globalThis as any).document
          .querySelector('aip-campaign-dashboard')
          .shadowRoot.querySelector('aip-metric-chart')?.data?.days.length === 7
    )
    assert.notEqual(
      (await dashboard.locator('[data-kpi="impressions"] dd').textContent())!.trim(),
      kpi
    )
    await watched.assertClean(assert)
    await page.close()
  })

  test('an expired, forged or revoked session shows an accessible error; a fresh token recovers without reload', async ({
    client,
    assert,
  }) => {
    const admin = await registerAccount(client, 'dashboardsess')
    await campaignWithMetrics(client, admin, 'Guarded')
    const { site, secret, render } = await vendor(client, admin, chromium.sites)
    const past = Math.floor(Date.now() / 1000) - 3600
    const expired = await mintSessionToken(secret, {
      sub: 'customer-7',
      scope: 'campaigns:read',
      iat: past,
      exp: past + 600,
    })
    const forged = await mintSessionToken(
      secret,
      { sub: 'customer-7', scope: 'campaigns:read' },
      'sk_guessed-by-someone-else-00000000000000000000'
    )
    const message = 'Your session has expired or is not valid. Sign in again to see this dashboard.'
    for (const token of [expired, forged]) {
      render('', token)
      const watched = await openWatchedPage(chromium.browser)
      const { page } = watched
      await recordEvents(page)
      await page.goto(site.origin)
      const alert = page.locator('aip-campaign-dashboard').getByRole('alert')
      await alert.waitFor()
      assert.equal((await alert.textContent())?.trim(), message)
      const events = await eventsOf(page)
      assert.deepEqual(
        events.map((event) => [event.type, event.detail.status]),
        [['aip-error', 401]]
      )
      assert.equal(events[0].detail.problem.status, 401)
      // The refused request is the only console line (the browser logs failed loads).
      await watched.assertClean(assert, { allowConsole: /status of 401/ })

      // The host's backend signs a fresh token: the element reloads on its own.
      const fresh = await mintSessionToken(secret, { sub: 'customer-7', scope: 'campaigns:read' })
      await page
        .locator('aip-campaign-dashboard')
        .evaluate((element: any, signed: string) => (element.session = signed), fresh)
      await page.locator('aip-campaign-dashboard [data-kpi="impressions"] dd').waitFor()
      await page.close()
    }

    // Revoking the secret key refuses the tokens it signed, at once.
    const valid = await mintSessionToken(secret, { sub: 'customer-7', scope: 'campaigns:read' })
    const revoked = await client
      .delete(`/v1/embed/secret-keys/${secret.id}`)
      .bearerToken(admin.token)
      .header('x-workspace-id', admin.personalWorkspaceId)
    assert.oneOf(revoked.status(), [200, 204])
    render('', valid)
    const watched = await openWatchedPage(chromium.browser)
    await watched.page.goto(site.origin)
    const alert = watched.page.locator('aip-campaign-dashboard').getByRole('alert')
    await alert.waitFor()
    assert.equal((await alert.textContent())?.trim(), message)
    await watched.assertClean(assert, { allowConsole: /status of 401/ })
    await watched.page.close()
  })

  test('the platform demo page shows the dashboard for a key and a session passed in its address', async ({
    client,
    assert,
  }) => {
    const admin = await registerAccount(client, 'dashboarddemo')
    await campaignWithMetrics(client, admin, 'Demo launch')
    const key = await createEmbedKey(client, admin, admin.personalWorkspaceId, {
      capabilities: ['leads:submit', 'campaigns:metrics', 'content:calendar'],
      allowed_origins: [PLATFORM],
    })
    const secret = await createEmbedSecretKey(client, admin, admin.personalWorkspaceId)
    const session = await mintSessionToken(secret, { sub: 'demo', scope: 'campaigns:read' })
    const watched = await openWatchedPage(chromium.browser)
    const { page } = watched
    await page.goto(`${PLATFORM}/embed/v1/demo.html?key=${key.public_key}&session=${session}`)
    const dashboard = page.locator('aip-campaign-dashboard')
    await dashboard.locator('aip-metric-chart').nth(2).locator('canvas').waitFor()
    assert.equal(
      (await dashboard.getByLabel('Campaign').locator('option:checked').textContent())?.trim(),
      'Demo launch'
    )
    await watched.assertClean(assert)

    // Without a session the dashboard asks the user to sign in and sends no request.
    const anonymous = await openWatchedPage(chromium.browser)
    const requests: string[] = []
    anonymous.page.on('request', (request) => requests.push(request.url()))
    await anonymous.page.goto(`${PLATFORM}/embed/v1/demo.html?key=${key.public_key}&session=x`)
    const alert = anonymous.page.locator('aip-campaign-dashboard').getByRole('alert')
    await alert.waitFor()
    assert.equal((await alert.textContent())?.trim(), 'Sign in to see this dashboard.')
    assert.notInclude(requests.join(' '), '/v1/embed/campaigns')
    await anonymous.assertClean(assert)
    await page.close()
    await anonymous.page.close()
  })
})
