import { test } from '@japa/runner'
import type { Browser, Page } from 'playwright-core'
import { createWorkspace, registerAccount } from '#tests/helpers/accounts'
import { createEmbedKey } from '#tests/helpers/embed'
import { launchChromium, startHostSite, type HostSite } from '#tests/helpers/browser'

const PLATFORM = `http://${process.env.HOST}:${process.env.PORT}`

/** The strict policy of a vendor's app: scripts, styles and requests only to the platform. */
const HOST_CSP = [
  "default-src 'none'",
  `script-src ${PLATFORM}`,
  `style-src ${PLATFORM}`,
  `connect-src ${PLATFORM}`,
  "require-trusted-types-for 'script'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ')

/** A vendor page with two calendars (month and week): one script tag, nothing inline. */
function hostPage(attributes: string) {
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Vendor app</title>
<script type="module" src="${PLATFORM}/embed/v1/aip.js"></script></head>
<body><main><h1>Planning</h1>
<aip-content-calendar id="month" ${attributes}></aip-content-calendar>
<aip-content-calendar id="week" view="week" ${attributes}></aip-content-calendar>
</main></body></html>`
}

/** Console errors, page errors and CSP violations the page reports. */
function watchConsole(page: Page) {
  const errors: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) {
      errors.push(message.text())
    }
  })
  page.on('pageerror', (error) => errors.push(error.message))
  return errors
}

/** The `data-date` of the focused day cell of a calendar. */
function focusedDay(page: Page, id: string): Promise<string | undefined> {
  return page.evaluate(
    (selector) =>
      (globalThis as any).document.querySelector(selector)?.shadowRoot?.activeElement?.dataset
        ?.date,
    `#${id}`
  )
}

test.group('Browser: <aip-content-calendar> on a vendor app', (group) => {
  let browser: Browser
  const sites: HostSite[] = []
  group.setup(async () => {
    browser = await launchChromium()
    return async () => {
      await browser.close()
      await Promise.all(sites.map((site) => site.close()))
    }
  })

  test('read-only with the publishable key: month and week views, keyboard navigation between days and months', async ({
    client,
    assert,
  }) => {
    const admin = await registerAccount(client, 'browsercal')
    const workspace = await createWorkspace(client, admin)
    const api = (path: string, body: Record<string, unknown>) =>
      client.post(path).bearerToken(admin.token).header('x-workspace-id', workspace.id).json(body)
    for (const body of [
      { title: 'Launch post', scheduled_date: '2026-03-12T08:30:00Z', status: 'scheduled' },
      { title: 'Secret draft', scheduled_date: '2026-03-12T10:00:00Z' },
      { title: 'April webinar', scheduled_date: '2026-04-13T15:00:00Z', status: 'scheduled' },
    ]) {
      ;(await api('/v1/content/calendar/entries', { content_type: 'blog', ...body })).assertStatus(
        201
      )
    }
    let attributes = ''
    const site = await startHostSite(() => hostPage(attributes), HOST_CSP)
    sites.push(site)
    const key = await createEmbedKey(client, admin, workspace.id, {
      allowed_origins: [site.origin],
      capabilities: ['content:calendar'],
    })
    attributes = `key="${key.public_key}" date="2026-03-12" time-zone="Europe/Paris"`

    const page = await browser.newPage()
    const errors = watchConsole(page)
    await page.goto(site.origin)
    const month = page.locator('#month')
    const week = page.locator('#week')
    await month.getByRole('heading', { name: 'mars 2026', exact: true }).waitFor()
    await week.getByRole('heading', { name: '9–15 mars 2026', exact: true }).waitFor()

    const grid = month.getByRole('grid', { name: 'mars 2026', exact: true })
    assert.equal(await grid.getByRole('columnheader').count(), 7)
    assert.equal(await grid.getByRole('row').count(), 7) // the header and six weeks (Monday first)
    const cell = grid.locator('td[data-date="2026-03-12"]')
    await cell.getByText('Launch post').waitFor()
    // Drafts are not shown without a session; there are no editing controls.
    assert.equal(await month.getByText('Secret draft').count(), 0)
    assert.equal(await month.locator('form').count(), 0)
    assert.equal(await cell.getAttribute('aria-selected'), 'true')
    assert.equal(await cell.getAttribute('tabindex'), '0')
    assert.equal(await grid.locator('td[tabindex="0"]').count(), 1)
    // The day panel lists the selected day's entries with their time in the viewer's zone.
    await month.getByRole('heading', { name: 'jeudi 12 mars 2026', exact: true }).waitFor()
    await month.getByText('09:30 · Article de blog · Planifié').waitFor()
    // The week view shows times in the cells.
    await week.locator('td[data-date="2026-03-12"]').getByText('09:30 Launch post').waitFor()

    // Keyboard: one tab stop; arrows move between days, Page Down to the next month.
    await cell.focus()
    await page.keyboard.press('ArrowRight')
    assert.equal(await focusedDay(page, 'month'), '2026-03-13')
    await page.keyboard.press('ArrowDown')
    assert.equal(await focusedDay(page, 'month'), '2026-03-20')
    await page.keyboard.press('Home')
    assert.equal(await focusedDay(page, 'month'), '2026-03-16')
    await page.keyboard.press('ArrowUp')
    await page.keyboard.press('ArrowUp')
    assert.equal(await focusedDay(page, 'month'), '2026-03-02')
    await page.keyboard.press('PageDown')
    await month.getByRole('heading', { name: 'avril 2026', exact: true }).waitFor()
    assert.equal(await focusedDay(page, 'month'), '2026-04-02')
    await month
      .getByRole('grid', { name: 'avril 2026', exact: true })
      .locator('td[data-date="2026-04-13"]')
      .getByText('April webinar')
      .waitFor()
    await page.keyboard.press('Enter')
    assert.equal(
      await page.evaluate(
        () => (globalThis as any).document.querySelector('#month').shadowRoot.activeElement.id
      ),
      'day-heading'
    )

    // The week view changes on its own (several instances per page).
    await week.getByRole('button', { name: 'Semaine suivante' }).click()
    await week.getByRole('heading', { name: '16–22 mars 2026', exact: true }).waitFor()
    await month.getByRole('heading', { name: 'avril 2026', exact: true }).waitFor()

    assert.deepEqual(errors, [], 'no CSP violation or script error on the host page')
    await page.close()
  })
})
