import { test } from '@japa/runner'
import type { Page } from 'playwright-core'
import { createWorkspace, registerAccount } from '#tests/helpers/accounts'
import { createEmbedKey, createEmbedSecretKey, mintSessionToken } from '#tests/helpers/embed'
import {
  embedHostPage,
  useChromium,
  openWatchedPage,
  startHostSite,
  strictHostCsp,
} from '#tests/helpers/browser'

/** The strictest policy a vendor might use: scripts, styles and requests only from the platform. */
const HOST_CSP = strictHostCsp()

/** A vendor page with two calendars (month and week): one script tag, nothing inline. */
function hostPage(attributes: string) {
  return embedHostPage({
    lang: 'fr',
    body: `<aip-content-calendar id="month" ${attributes}></aip-content-calendar>
<aip-content-calendar id="week" view="week" ${attributes}></aip-content-calendar>`,
  })
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
  const chromium = useChromium(group)

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
    chromium.sites.push(site)
    const key = await createEmbedKey(client, admin, workspace.id, {
      allowed_origins: [site.origin],
      capabilities: ['content:calendar'],
    })
    attributes = `key="${key.public_key}" date="2026-03-12" time-zone="Europe/Paris"`

    const watched = await openWatchedPage(chromium.browser)
    const { page } = watched
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
    await watched.assertClean(assert)

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

    await watched.assertClean(assert)
    await page.close()
  })

  test('editing with an embed session (content:write): change the status, move to another day, create; an expired session is refused', async ({
    client,
    assert,
  }) => {
    const admin = await registerAccount(client, 'browsercaledit')
    const workspace = await createWorkspace(client, admin)
    const api = client.post('/v1/content/calendar/entries')
    const draft = await api.bearerToken(admin.token).header('x-workspace-id', workspace.id).json({
      title: 'Spring teaser',
      content_type: 'blog',
      scheduled_date: '2026-03-12T08:30:00Z',
    })
    draft.assertStatus(201)
    let attributes = ''
    const site = await startHostSite(
      () =>
        embedHostPage({
          lang: 'de',
          body: `<aip-content-calendar ${attributes}></aip-content-calendar>`,
        }),
      HOST_CSP
    )
    chromium.sites.push(site)
    const key = await createEmbedKey(client, admin, workspace.id, {
      allowed_origins: [site.origin],
      capabilities: ['content:calendar'],
    })
    const secret = await createEmbedSecretKey(client, admin, workspace.id)
    const token = await mintSessionToken(secret, {
      sub: 'editor-7',
      name: 'Lin',
      scope: 'content:write',
    })
    attributes = `key="${key.public_key}" session="${token}" date="2026-03-12" time-zone="Europe/Paris"`

    const watched = await openWatchedPage(chromium.browser)
    const { page } = watched
    await page.goto(site.origin)
    const calendar = page.locator('aip-content-calendar')
    const panel = calendar.locator('[part="day-panel"]')
    // Drafts show with a session; German labels from the page language.
    await panel.getByText('Spring teaser').waitFor()
    await panel.getByText('09:30 · Blogartikel · Entwurf').waitFor()
    await watched.assertClean(assert)

    // The status machine: draft → scheduled.
    await panel.getByRole('button', { name: 'Planen' }).click()
    await panel.getByText('09:30 · Blogartikel · Geplant').waitFor()
    // The transitions the status machine allows next.
    for (const name of ['Veröffentlichen', 'Zurück zum Entwurf', 'Archivieren']) {
      await panel.getByRole('button', { name, exact: true }).waitFor()
    }
    assert.equal(await panel.getByRole('button', { name: 'Planen', exact: true }).count(), 0)

    // Move to another day: the selection follows, the time of day stays.
    await panel.getByLabel('Verschieben auf').fill('2026-03-19')
    await panel.getByRole('button', { name: 'Verschieben' }).click()
    await calendar
      .getByRole('heading', { name: 'Donnerstag, 19. März 2026', exact: true })
      .waitFor()
    await calendar.locator('td[data-date="2026-03-19"]').getByText('Spring teaser').waitFor()
    assert.equal(await calendar.locator('td[data-date="2026-03-12"] li').count(), 0)

    // Create on the selected day.
    await panel.getByLabel('Titel').fill('Launch recap')
    await panel.getByLabel('Art').selectOption('social')
    await panel.getByLabel('Uhrzeit').fill('14:00')
    await panel.getByRole('button', { name: 'Zu diesem Tag hinzufügen' }).click()
    await panel.getByText('14:00 · Social-Media-Beitrag · Entwurf').waitFor()
    await watched.assertClean(assert)

    // The workspace sees what the end user did through its own API.
    const listed = await client
      .get('/v1/content/calendar?month=2026-03&time_zone=Europe/Paris')
      .bearerToken(admin.token)
      .header('x-workspace-id', workspace.id)
    listed.assertStatus(200)
    assert.deepEqual(
      listed.body().data.map((item: any) => [item.entry.title, item.occurs_at, item.entry.status]),
      [
        ['Spring teaser', '2026-03-19T08:30:00.000Z', 'scheduled'],
        ['Launch recap', '2026-03-19T13:00:00.000Z', 'draft'],
      ]
    )
    await page.close()

    // An expired session: the element says it is unavailable and reports the 401.
    const past = Math.floor(Date.now() / 1000) - 7200
    const expired = await mintSessionToken(secret, {
      sub: 'editor-7',
      scope: 'content:write',
      iat: past,
      exp: past + 600,
    })
    attributes = `key="${key.public_key}" session="${expired}" date="2026-03-12"`
    const refused = await openWatchedPage(chromium.browser)
    await refused.page.goto(site.origin)
    await refused.page
      .locator('aip-content-calendar')
      .getByRole('alert')
      .getByText('Der Kalender ist auf dieser Website nicht verfügbar.')
      .waitFor()
    await refused.assertClean(assert, { allowConsole: /401/ })
    await refused.page.close()
  })
})
