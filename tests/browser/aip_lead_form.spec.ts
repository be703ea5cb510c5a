import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type { Page } from 'playwright-core'
import { createWorkspace, registerAccount } from '#tests/helpers/accounts'
import { createEmbedKey, setLeadForm } from '#tests/helpers/embed'

/** Embed keys of these tests submit leads. */
const LEADS = { capabilities: ['leads:submit'] }
import {
  embedHostPage,
  useChromium,
  openWatchedPage,
  PLATFORM,
  startHostSite,
  strictHostCsp,
} from '#tests/helpers/browser'

/** The strictest policy a customer might use: scripts, styles and requests only from the platform. */
const HOST_CSP = strictHostCsp()

/**
 * A customer page embedding the lead form: one script tag and one element,
 * nothing inline; themed by a stylesheet from the platform (the demo's:
 * custom properties and a part), since the policy allows no other style.
 */
function hostPage(attributes: string) {
  return embedHostPage({
    body: `<aip-lead-form ${attributes}></aip-lead-form>`,
    stylesheets: [`${PLATFORM}/embed/v1/demo.css`],
  })
}

/** Records the element's aip-* events on the page (through the devtools protocol, not a page script). */
async function recordEvents(page: Page) {
  await page.evaluate(() => {
    // Runs in the browser (the test's tsconfig has no DOM types).
    const browser = globalThis as any
    const log: { type: string; detail: unknown }[] = []
    browser.aipEvents = log
    for (const type of ['aip-submit', 'aip-success', 'aip-error']) {
      browser.document.addEventListener(type, (event: { detail: unknown }) =>
        log.push({ type, detail: event.detail })
      )
    }
  })
}

function eventsOf(page: Page): Promise<{ type: string; detail: any }[]> {
  return page.evaluate(() => (globalThis as any).aipEvents)
}

/** Name of the focused control inside the form's shadow root. */
function focusedField(page: Page): Promise<string | undefined> {
  return page.evaluate(
    () =>
      (globalThis as any).document.querySelector('aip-lead-form')?.shadowRoot?.activeElement?.name
  )
}

test.group('Browser: <aip-lead-form> on a customer site', (group) => {
  const chromium = useChromium(group)

  test('a host page under a strict CSP embeds the form; the lead is stored with its activity and score', async ({
    client,
    assert,
  }) => {
    const admin = await registerAccount(client, 'browserlead')
    const workspace = await createWorkspace(client, admin)
    const rule = await client
      .post('/v1/leads/scoring-rules')
      .bearerToken(admin.token)
      .header('x-workspace-id', workspace.id)
      .json({
        rule_name: 'Filled a form',
        category: 'engagement',
        score_weight: 40,
        conditions: { all: [{ activity: 'form_filled' }] },
      })
    rule.assertStatus(201)
    let attributes = ''
    const site = await startHostSite(() => hostPage(attributes), HOST_CSP)
    chromium.sites.push(site)
    const key = await createEmbedKey(client, admin, workspace.id, {
      ...LEADS,
      allowed_origins: [site.origin],
    })
    attributes = `key="${key.public_key}" locale="fr"`

    const watched = await openWatchedPage(chromium.browser)
    const { page } = watched
    await page.goto(site.origin)
    const form = page.locator('aip-lead-form')
    // Labels come from the API's default form, localised in French.
    await form.getByLabel('Prénom').waitFor()
    await watched.assertClean(assert)
    await recordEvents(page)

    // Themed by the platform stylesheet through custom properties and ::part().
    const look = await form.getByRole('button', { name: 'Envoyer' }).evaluate((button) => {
      const style = (globalThis as any).getComputedStyle(button)
      return [style.backgroundColor, style.borderTopLeftRadius, style.textTransform]
    })
    assert.deepEqual(look, ['rgb(109, 40, 217)', '8px', 'uppercase'])

    // Client validation: accessible message on the invalid field, focus moved to it.
    await form.getByRole('textbox', { name: 'E-mail', exact: true }).fill('ada-at-example')
    await form.getByRole('button', { name: 'Envoyer' }).click()
    const email = form.locator('input[name="email"]')
    await email.and(page.locator('[aria-invalid="true"]')).waitFor()
    assert.equal(await email.getAttribute('aria-invalid'), 'true')
    const describedBy = await email.getAttribute('aria-describedby')
    assert.equal(
      await form.locator(`#${describedBy}`).textContent(),
      'Saisissez une adresse e-mail valide'
    )
    assert.equal(await focusedField(page), 'email')

    await email.fill('Ada@Example.test')
    await form.getByLabel('Prénom').fill('Ada')
    await form.getByLabel('Entreprise').fill('Analytical Engines')
    await form.locator('input[name="consent"]').check()
    await form.getByRole('button', { name: 'Envoyer' }).click()
    await form.locator('[part="success"]').waitFor()
    assert.equal(
      (await form.locator('[part="success"]').textContent())?.trim(),
      'Merci ! Nous vous recontacterons très vite.'
    )
    const events = await eventsOf(page)
    assert.deepEqual(
      events.map((event) => event.type),
      ['aip-error', 'aip-submit', 'aip-success']
    )
    assert.equal(events[0].detail.status, 422)
    assert.deepEqual(events[2].detail.fields, {
      email: 'Ada@Example.test',
      first_name: 'Ada',
      company: 'Analytical Engines',
    })

    // The workspace sees the lead through the API, with its activity and score.
    const api = (path: string) =>
      client.get(path).bearerToken(admin.token).header('x-workspace-id', workspace.id)
    const listed = await api('/v1/leads?source=embed')
    listed.assertStatus(200)
    assert.lengthOf(listed.body().data, 1)
    const lead = listed.body().data[0]
    assert.equal(lead.email, 'ada@example.test')
    assert.equal(lead.first_name, 'Ada')
    assert.equal(lead.company, 'Analytical Engines')
    assert.equal(lead.lead_score, 40)
    assert.isTrue(lead.marketing_consent)
    assert.match(lead.consent_text, /^J’accepte de recevoir des e-mails marketing/)
    const activities = await api(`/v1/leads/${lead.id}/activities`)
    activities.assertStatus(200)
    const [activity] = activities.body().data
    assert.equal(activity.activity_type, 'form_filled')
    assert.equal(activity.activity_data.origin, site.origin)
    assert.equal(activity.activity_data.page_url, `${site.origin}/`)
    assert.equal(activity.activity_data.locale, 'fr')
    const score = await api(`/v1/leads/${lead.id}/score`)
    score.assertStatus(200)
    assert.equal(score.body().score, 40)
    assert.deepEqual(
      score.body().engagement.map((item: { rule_name: string }) => item.rule_name),
      ['Filled a form']
    )

    await watched.assertClean(assert)
    await page.close()
  })

  test('a page on an origin outside the allowed list is refused by CORS and stores nothing', async ({
    client,
    assert,
  }) => {
    const admin = await registerAccount(client, 'browserrefused')
    const workspace = await createWorkspace(client, admin)
    let attributes = ''
    const allowed = await startHostSite(() => hostPage(attributes), HOST_CSP)
    const other = await startHostSite(() => hostPage(attributes), HOST_CSP)
    chromium.sites.push(allowed, other)
    const key = await createEmbedKey(client, admin, workspace.id, {
      ...LEADS,
      allowed_origins: [allowed.origin],
    })
    attributes = `key="${key.public_key}" fields="email,company"`

    const page = await chromium.browser.newPage()
    await page.goto(other.origin)
    await recordEvents(page)
    const form = page.locator('aip-lead-form')
    // Attribute-configured form: renders without the API, then the submission is refused.
    await form.getByRole('textbox', { name: 'E-mail', exact: true }).fill('mallory@example.test')
    await form.getByRole('button', { name: 'Send' }).click()
    await form.locator('[part="alert"]').waitFor()
    assert.equal(
      (await form.locator('[part="alert"]').textContent())?.trim(),
      'The form could not be sent. Check your connection and try again.'
    )
    const events = await eventsOf(page)
    assert.deepEqual(
      events.map((event) => [event.type, event.detail.status ?? null]),
      [
        ['aip-submit', null],
        ['aip-error', 0],
      ]
    )

    // A direct cross-origin request from that page is blocked by the browser too.
    const direct = await page.evaluate(
      async ([platform, publicKey]) => {
        try {
          await fetch(`${platform}/v1/embed/leads?key=${publicKey}`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ fields: { email: 'direct@example.test' } }),
          })
          return 'sent'
        } catch (error) {
          return (error as Error).name
        }
      },
      [PLATFORM, key.public_key]
    )
    assert.equal(direct, 'TypeError')
    const stored = await db.from('leads').where('workspace_id', workspace.id)
    assert.lengthOf(stored, 0)

    // The same key works from its allowed origin.
    const good = await chromium.browser.newPage()
    await good.goto(allowed.origin)
    const goodForm = good.locator('aip-lead-form')
    await goodForm.getByRole('textbox', { name: 'E-mail', exact: true }).fill('alice@example.test')
    await goodForm.getByRole('button', { name: 'Send' }).click()
    await goodForm.locator('[part="success"]').waitFor()
    const leads = await db.from('leads').where('workspace_id', workspace.id)
    assert.deepEqual(
      leads.map((row) => row.email),
      ['alice@example.test']
    )
    await page.close()
    await good.close()
  })

  test('the platform demo page works under its own CSP; a revoked key shows the form as unavailable', async ({
    client,
    assert,
  }) => {
    const admin = await registerAccount(client, 'browserdemo')
    const workspace = await createWorkspace(client, admin)
    // The demo page shows every element: the key carries their capabilities.
    const key = await createEmbedKey(client, admin, workspace.id, {
      capabilities: ['leads:submit', 'content:calendar'],
      allowed_origins: [PLATFORM],
    })
    await setLeadForm(client, admin, workspace.id, key.id, {
      title: 'Demo anfragen',
      fields: [
        { name: 'email', type: 'email', label: 'Geschäftliche E-Mail', required: true },
        { name: 'team_size', type: 'select', label: 'Teamgröße', options: ['1-10', '11-50'] },
      ],
      consent: { text: 'Acme darf mich kontaktieren.', required: true },
      submit_label: 'Anfragen',
    })

    const watched = await openWatchedPage(chromium.browser)
    const { page } = watched
    await page.goto(`${PLATFORM}/embed/v1/demo.html?key=${key.public_key}&locale=de`)
    const form = page.locator('aip-lead-form')
    await form.getByRole('heading', { name: 'Demo anfragen' }).waitFor()
    await form.getByRole('textbox', { name: 'Geschäftliche E-Mail' }).fill('kim@example.test')
    await form.getByLabel('Teamgröße').selectOption('11-50')
    // Required consent is checked on the client first, in German.
    await form.getByRole('button', { name: 'Anfragen' }).click()
    const consent = form.getByRole('checkbox', { name: 'Acme darf mich kontaktieren.' })
    await consent.and(page.locator('[aria-invalid="true"]')).waitFor()
    assert.equal(await focusedField(page), 'consent')
    assert.include(await form.locator('#field-consent-error').textContent(), 'Einwilligung')
    await consent.check()
    await form.getByRole('button', { name: 'Anfragen' }).click()
    await form.locator('[part="success"]').waitFor()
    await watched.assertClean(assert)

    const leads = await client
      .get('/v1/leads?source=embed')
      .bearerToken(admin.token)
      .header('x-workspace-id', workspace.id)
    assert.deepEqual(
      leads
        .body()
        .data.map((lead: { email: string; custom_fields: unknown }) => [
          lead.email,
          lead.custom_fields,
        ]),
      [['kim@example.test', { team_size: '11-50' }]]
    )

    // English page (no locale change, so the element loads its form in its first update).
    const revoked = await client
      .delete(`/v1/embed/keys/${key.id}`)
      .bearerToken(admin.token)
      .header('x-workspace-id', workspace.id)
    revoked.assertStatus(204)
    const fresh = await chromium.browser.newPage()
    await fresh.goto(`${PLATFORM}/embed/v1/demo.html?key=${key.public_key}`)
    const unavailable = fresh.locator('aip-lead-form [part="status"][role="alert"]')
    await unavailable.waitFor()
    assert.equal(
      (await unavailable.textContent())?.trim(),
      'This form is not available on this site.'
    )
    await page.close()
    await fresh.close()
  })

  test('server validation refusals are shown on their field, accessibly', async ({
    client,
    assert,
  }) => {
    const admin = await registerAccount(client, 'browserserver422')
    const workspace = await createWorkspace(client, admin)
    let attributes = ''
    const site = await startHostSite(() => hostPage(attributes), HOST_CSP)
    chromium.sites.push(site)
    // The key's own definition requires the company; the page configures the
    // form by attribute without that rule, so only the server catches it.
    const key = await createEmbedKey(client, admin, workspace.id, {
      ...LEADS,
      allowed_origins: [site.origin],
    })
    await setLeadForm(client, admin, workspace.id, key.id, {
      fields: [
        { name: 'email', type: 'email', label: 'E-mail', required: true },
        { name: 'company', type: 'text', label: 'Company', required: true, max_length: 5 },
      ],
    })
    attributes = `key="${key.public_key}" fields="email,company"`

    const watched = await openWatchedPage(chromium.browser)
    const { page } = watched
    await page.goto(site.origin)
    await recordEvents(page)
    const form = page.locator('aip-lead-form')
    await form.getByRole('textbox', { name: 'E-mail', exact: true }).fill('nocompany@example.test')
    await form.getByRole('button', { name: 'Send' }).click()
    const company = form.locator('input[name="company"]')
    await company.and(page.locator('[aria-invalid="true"]')).waitFor()
    const describedBy = await company.getAttribute('aria-describedby')
    assert.equal(
      (await form.locator(`#${describedBy}`).textContent())?.trim(),
      'This field is required'
    )
    assert.equal(await focusedField(page), 'company')
    const events = await eventsOf(page)
    assert.deepEqual(
      events.map((event) => event.type),
      ['aip-submit', 'aip-error']
    )
    assert.equal(events[1].detail.status, 422)
    assert.deepEqual(Object.keys(events[1].detail.fieldErrors), ['company'])
    assert.lengthOf(await db.from('leads').where('workspace_id', workspace.id), 0)

    // The server's length limit (5) is the one announced, not the page's default (200).
    await company.fill('Analytical Engines')
    await form.getByRole('button', { name: 'Send' }).click()
    await page.waitForFunction(() => (globalThis as any).aipEvents.length === 4)
    assert.equal(
      (await form.locator(`#${describedBy}`).textContent())?.trim(),
      'At most 5 characters'
    )
    assert.equal(await company.getAttribute('aria-invalid'), 'true')
    assert.lengthOf(await db.from('leads').where('workspace_id', workspace.id), 0)
    await watched.assertClean(assert, { allowConsole: /422/ })
    await page.close()
  })

  test('server refusals are shown as accessible alerts: rate limit reached', async ({
    client,
    assert,
  }) => {
    const admin = await registerAccount(client, 'browserlimit')
    const workspace = await createWorkspace(client, admin)
    let attributes = ''
    const site = await startHostSite(() => hostPage(attributes), HOST_CSP)
    chromium.sites.push(site)
    const key = await createEmbedKey(client, admin, workspace.id, {
      ...LEADS,
      allowed_origins: [site.origin],
      // The page's theme request counts too: theme + submission on the first load.
      rate_limit_per_minute: 2,
    })
    attributes = `key="${key.public_key}" fields="email"`

    const page = await chromium.browser.newPage()
    await page.goto(site.origin)
    const form = page.locator('aip-lead-form')
    await form.getByRole('textbox', { name: 'E-mail', exact: true }).fill('first@example.test')
    await form.getByRole('button', { name: 'Send' }).click()
    await form.locator('[part="success"]').waitFor()

    await page.reload()
    await recordEvents(page)
    await form.getByRole('textbox', { name: 'E-mail', exact: true }).fill('second@example.test')
    await form.getByRole('button', { name: 'Send' }).click()
    const alert = form.getByRole('alert')
    await alert.waitFor()
    assert.equal(
      (await alert.textContent())?.trim(),
      'Too many attempts. Please wait a minute and try again.'
    )
    const events = await eventsOf(page)
    assert.equal(events.at(-1)?.type, 'aip-error')
    assert.equal(events.at(-1)?.detail.status, 429)
    assert.equal(events.at(-1)?.detail.problem.type, '/problems/too-many-requests')
    // The button is usable again for a later retry.
    assert.isTrue(await form.getByRole('button', { name: 'Send' }).isEnabled())
    await page.close()
  })
})
