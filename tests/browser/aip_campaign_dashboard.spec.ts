import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import type { Browser, Page } from 'playwright-core'
import { registerAccount, type TestAccount } from '#tests/helpers/accounts'
import { createEmbedKey } from '#tests/helpers/embed'
import { launchChromium, startHostSite, type HostSite } from '#tests/helpers/browser'

const PLATFORM = `http://${process.env.HOST}:${process.env.PORT}`

/** The strictest policy a customer might use: platform only, Trusted Types required. */
const HOST_CSP = [
  "default-src 'none'",
  `script-src ${PLATFORM}`,
  `style-src ${PLATFORM}`,
  `connect-src ${PLATFORM}`,
  "require-trusted-types-for 'script'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ')

/** A vendor's page: the dashboard's own bundle and one element, nothing inline. */
function hostPage(attributes: string, lang = 'en') {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Vendor app</title>
<script type="module" src="${PLATFORM}/embed/v1/aip.js"></script></head>
<body><main><h1>Reports</h1><aip-campaign-dashboard ${attributes}></aip-campaign-dashboard></main></body></html>`
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

/** Console errors and uncaught exceptions, and CSP violations reported to the page. */
async function watch(page: Page) {
  const errors: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) {
      errors.push(message.text())
    }
  })
  page.on('pageerror', (error) => errors.push(error.message))
  await page.exposeBinding('aipCsp', (_source, text: string) => errors.push(`CSP ${text}`))
  await page.addInitScript(() => {
    const browser = globalThis as any
    browser.document.addEventListener('securitypolicyviolation', (event: any) =>
      browser.aipCsp(`${event.violatedDirective}: ${event.blockedURI}`)
    )
  })
  return errors
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
  let browser: Browser
  const sites: HostSite[] = []
  group.setup(async () => {
    browser = await launchChromium()
    return async () => {
      await browser.close()
      await Promise.all(sites.map((site) => site.close()))
    }
  })

  test('renders KPIs and charts under a strict CSP with Trusted Types; the table holds the API numbers and is reached by keyboard', async ({
    client,
    assert,
  }) => {
    const admin = await registerAccount(client, 'dashboard')
    const campaign = await campaignWithMetrics(client, admin, 'Autumn sale')
    let attributes = ''
    const site = await startHostSite(() => hostPage(attributes), HOST_CSP)
    sites.push(site)
    const key = await createEmbedKey(client, admin, admin.personalWorkspaceId, {
      capabilities: ['campaigns:metrics'],
      allowed_origins: [site.origin],
    })
    attributes = `key="${key.public_key}" days="30" metrics="impressions,clicks,ctr"`

    const page = await browser.newPage()
    const errors = await watch(page)
    await page.goto(site.origin)
    const dashboard = page.locator('aip-campaign-dashboard')
    await dashboard.locator('[data-kpi="impressions"] dd').waitFor()

    const api = await client
      .get(`/v1/embed/campaigns/${campaign.id}/summary`)
      .qs({ days: 30 })
      .header('x-embed-key', key.public_key)
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

    assert.deepEqual(errors, [], 'no CSP violation or script error on the host page')
    await page.close()
  })

  test('in German: labels, numbers and days are localised; switching the range reloads', async ({
    client,
    assert,
  }) => {
    const admin = await registerAccount(client, 'dashboardde')
    await campaignWithMetrics(client, admin, 'Herbst')
    let attributes = ''
    const site = await startHostSite(() => hostPage(attributes, 'de'), HOST_CSP)
    sites.push(site)
    const key = await createEmbedKey(client, admin, admin.personalWorkspaceId, {
      capabilities: ['campaigns:metrics'],
      allowed_origins: [site.origin],
    })
    attributes = `key="${key.public_key}" metrics="impressions"`
    const page = await browser.newPage()
    const errors = await watch(page)
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
    assert.deepEqual(errors, [])
    await page.close()
  })
})
