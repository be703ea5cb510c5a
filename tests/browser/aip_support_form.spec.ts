import { test } from '@japa/runner'
import type { Page } from 'playwright-core'
import { createWorkspace, registerAccount } from '#tests/helpers/accounts'
import { createEmbedKey, createEmbedSecretKey, mintSessionToken } from '#tests/helpers/embed'
import {
  embedHostPage,
  useChromium,
  openWatchedPage,
  PLATFORM,
  startHostSite,
  strictHostCsp,
} from '#tests/helpers/browser'
import { serviceRows } from '#tests/helpers/service_rows'

/** Records the elements' aip-* events (through the devtools protocol, not a page script). */
async function recordEvents(page: Page) {
  await page.evaluate(() => {
    const browserGlobal = globalThis as any
    const log: { type: string; id: string; detail: any }[] = []
    browserGlobal.aipEvents = log
    for (const type of ['aip-submit', 'aip-success', 'aip-error']) {
      browserGlobal.document.addEventListener(type, (event: any) =>
        log.push({ type, id: event.target.id, detail: event.detail })
      )
    }
  })
}

function eventsOf(page: Page): Promise<{ type: string; id: string; detail: any }[]> {
  return page.evaluate(() => (globalThis as any).aipEvents)
}

function ticketsOf(workspaceId: string) {
  return serviceRows(
    'select name, email, subject, message from support_tickets where workspace_id = ? order by created_at',
    [workspaceId]
  )
}

test.group('Browser: <aip-support-form> on a customer site', (group) => {
  const chromium = useChromium(group)

  test('two anonymous forms on a strict-CSP page: validation, a ticket filed end to end, in French', async ({
    client,
    assert,
  }) => {
    const admin = await registerAccount(client, 'browsersupport')
    const workspace = await createWorkspace(client, admin)
    let body = ''
    const site = await startHostSite(() => embedHostPage({ body, lang: 'fr' }), strictHostCsp())
    chromium.sites.push(site)
    const key = await createEmbedKey(client, admin, workspace.id, {
      capabilities: ['support:submit'],
      allowed_origins: [site.origin],
    })
    body = `<aip-support-form id="first" key="${key.public_key}"></aip-support-form>
<aip-support-form id="second" key="${key.public_key}" heading="Billing" subject="Invoice"></aip-support-form>`

    const watched = await openWatchedPage(chromium.browser)
    const { page } = watched
    await page.goto(site.origin)
    const first = page.locator('#first')
    const second = page.locator('#second')
    await first.getByRole('heading', { name: 'Contacter le support' }).waitFor()
    await second.getByRole('heading', { name: 'Billing' }).waitFor()
    assert.equal(await second.getByLabel('Objet').inputValue(), 'Invoice')
    await watched.assertClean(assert)
    await recordEvents(page)

    // Client validation on the first form only: accessible errors, focus on the first invalid field.
    await first.getByLabel('E-mail').fill('not-an-address')
    await first.getByRole('button', { name: 'Envoyer' }).click()
    const name = first.locator('input[name="name"]')
    await name.and(page.locator('[aria-invalid="true"]')).waitFor()
    assert.equal(
      await first.locator(`#${await name.getAttribute('aria-describedby')}`).textContent(),
      'Ce champ est obligatoire'
    )
    const email = first.locator('input[name="email"]')
    assert.equal(
      await first.locator(`#${await email.getAttribute('aria-describedby')}`).textContent(),
      'Saisissez une adresse e-mail valide'
    )
    assert.equal(
      await page.evaluate(
        () => (globalThis as any).document.querySelector('#first').shadowRoot.activeElement?.name
      ),
      'name'
    )
    assert.equal(
      await second.locator('[aria-invalid="true"]').count(),
      0,
      'the other form is untouched'
    )
    await watched.assertClean(assert)

    await name.fill('Ada Visitor')
    await email.fill('ada@example.test')
    await first.getByLabel('Objet').fill('Commande 1234')
    await first
      .getByLabel('Comment pouvons-nous vous aider ?')
      .fill('Ma commande n’est pas arrivée.')
    await first.getByRole('button', { name: 'Envoyer' }).click()
    const success = first.locator('[part="success"]')
    await success.waitFor()
    assert.equal(
      (await success.textContent())?.trim(),
      'Merci ! Votre demande a été envoyée ; nous vous répondrons par e-mail.'
    )
    assert.deepEqual(
      (await eventsOf(page)).map((event) => [event.type, event.id]),
      [
        ['aip-error', 'first'],
        ['aip-submit', 'first'],
        ['aip-success', 'first'],
      ]
    )
    assert.deepEqual(await ticketsOf(workspace.id), [
      {
        name: 'Ada Visitor',
        email: 'ada@example.test',
        subject: 'Commande 1234',
        message: 'Ma commande n’est pas arrivée.',
      },
    ])
    // The second form still works on its own.
    await second.getByLabel('Nom').fill('Bob')
    await second.getByLabel('E-mail').fill('bob@example.test')
    await second.getByLabel('Comment pouvons-nous vous aider ?').fill('Facture en double.')
    await second.getByRole('button', { name: 'Envoyer' }).click()
    await second.locator('[part="success"]').waitFor()
    assert.lengthOf(await ticketsOf(workspace.id), 2)
    await watched.assertClean(assert)
    await page.close()
  })

  test('a session ticket is prefilled from the session and filed for that user; an expired token is refused', async ({
    client,
    assert,
  }) => {
    const admin = await registerAccount(client, 'browsersupportsession')
    const workspace = await createWorkspace(client, admin)
    let body = ''
    const site = await startHostSite(() => embedHostPage({ body }), strictHostCsp())
    chromium.sites.push(site)
    const key = await createEmbedKey(client, admin, workspace.id, {
      capabilities: ['support:submit'],
      allowed_origins: [site.origin],
    })
    const secret = await createEmbedSecretKey(client, admin, workspace.id)
    const token = await mintSessionToken(secret, {
      sub: 'customer-7',
      name: 'Grace Customer',
      email: 'grace@example.test',
    })
    body = `<aip-support-form key="${key.public_key}" session="${token}"></aip-support-form>`

    const watched = await openWatchedPage(chromium.browser)
    const { page } = watched
    await page.goto(site.origin)
    const form = page.locator('aip-support-form')
    await form.locator('[part="identity"]').waitFor()
    assert.equal(
      (await form.locator('[part="identity"]').textContent())?.trim(),
      'Signed in as Grace Customer'
    )
    assert.equal(await form.getByLabel('Name').inputValue(), 'Grace Customer')
    assert.equal(await form.getByLabel('E-mail').inputValue(), 'grace@example.test')
    assert.isFalse(await form.getByLabel('E-mail').isEditable())
    await form.getByLabel('Subject').fill('Refund')
    await form.getByLabel('How can we help?').fill('Please refund order 77.')
    await form.getByRole('button', { name: 'Send' }).click()
    await form.locator('[part="success"]').waitFor()
    await watched.assertClean(assert)
    assert.deepEqual(await ticketsOf(workspace.id), [
      {
        name: 'Grace Customer',
        email: 'grace@example.test',
        subject: 'Refund',
        message: 'Please refund order 77.',
      },
    ])
    await page.close()

    // Expired: the element reports the refusal and stays an anonymous form.
    const now = Math.floor(Date.now() / 1000)
    const expired = await mintSessionToken(secret, {
      sub: 'customer-7',
      name: 'Grace Customer',
      iat: now - 3600,
      exp: now - 1800,
    })
    body = `<aip-support-form key="${key.public_key}" session="${expired}"></aip-support-form>`
    const stale = await openWatchedPage(chromium.browser)
    const refusal = stale.page.waitForResponse(
      (response) =>
        response.url().endsWith('/v1/embed/session') && response.request().method() === 'GET'
    )
    await stale.page.goto(site.origin)
    const refused = await refusal
    assert.equal(refused.status(), 401)
    assert.match(String((await refused.json()).detail), /^expired/)
    const staleForm = stale.page.locator('aip-support-form')
    await staleForm.getByLabel('Name').waitFor()
    assert.equal(await staleForm.locator('[part="identity"]').count(), 0)
    assert.equal(await staleForm.getByLabel('Name').inputValue(), '')
    assert.isTrue(await staleForm.getByLabel('E-mail').isEditable())
    await stale.assertClean(assert, { allowConsole: /401/ })
    await stale.page.close()
  })

  test('the workspace theme applies without inline styles, the host still wins, and a theme change shows without reload', async ({
    client,
    assert,
  }) => {
    const admin = await registerAccount(client, 'browsertheme')
    const workspace = await createWorkspace(client, admin)
    let body = ''
    // The host's own overrides come from a platform stylesheet (the demo's: it themes aip-lead-form).
    const site = await startHostSite(
      () => embedHostPage({ body, stylesheets: [`${PLATFORM}/embed/v1/demo.css`] }),
      strictHostCsp()
    )
    chromium.sites.push(site)
    const key = await createEmbedKey(client, admin, workspace.id, {
      capabilities: ['support:submit', 'leads:submit'],
      allowed_origins: [site.origin],
    })
    const setTheme = async (primary: string) => {
      const response = await client
        .put('/v1/embed/theme-settings')
        .bearerToken(admin.token)
        .header('x-workspace-id', workspace.id)
        .json({ colors: { primary }, radius_px: 3 })
      response.assertStatus(200)
    }
    await setTheme('#0f766e')
    body = `<aip-support-form key="${key.public_key}"></aip-support-form>
<aip-lead-form key="${key.public_key}" fields="email"></aip-lead-form>`

    const watched = await openWatchedPage(chromium.browser)
    const { page } = watched
    await page.goto(site.origin)
    const support = page.locator('aip-support-form')
    const lead = page.locator('aip-lead-form')
    const look = (element: typeof support) =>
      element.locator('[part="submit"]').evaluate((button) => {
        const style = (globalThis as any).getComputedStyle(button)
        return [style.backgroundColor, style.borderTopLeftRadius]
      })
    await page.waitForFunction(
      () =>
        (globalThis as any).document.querySelector('aip-support-form').shadowRoot.adoptedStyleSheets
          .length > 1
    )
    assert.deepEqual(await look(support), ['rgb(15, 118, 110)', '3px'])
    // The host's rules on the element (demo.css: primary colour and radius) beat the workspace theme.
    assert.deepEqual(await look(lead), ['rgb(109, 40, 217)', '8px'])
    assert.equal(await support.locator('[style]').count(), 0, 'no inline style attribute')

    // The admin changes the theme; the page asks the elements to refresh; nothing reloads.
    await support.getByLabel('Subject').fill('Typed before the change')
    await setTheme('#b91c1c')
    await page.evaluate(() =>
      (globalThis as any).document.dispatchEvent(new (globalThis as any).Event('aip-theme-refresh'))
    )
    await page.waitForFunction(() => {
      const browserGlobal = globalThis as any
      const button = browserGlobal.document
        .querySelector('aip-support-form')
        .shadowRoot.querySelector('[part="submit"]')
      return browserGlobal.getComputedStyle(button).backgroundColor === 'rgb(185, 28, 28)'
    })
    assert.equal(await support.getByLabel('Subject').inputValue(), 'Typed before the change')
    assert.deepEqual(await look(lead), ['rgb(109, 40, 217)', '8px'])
    await watched.assertClean(assert)
    await page.close()
  })
})
