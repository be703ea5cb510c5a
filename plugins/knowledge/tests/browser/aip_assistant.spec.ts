import { test } from '@japa/runner'
import type { Page } from 'playwright-core'
import { registerAccount } from '#tests/helpers/accounts'
import { createEmbedKey } from '#tests/helpers/embed'
import {
  embedHostPage,
  useChromium,
  openWatchedPage,
  startHostSite,
  strictHostCsp,
} from '#tests/helpers/browser'
import { POLICIES, OTHER_POLICIES, seedKnowledge } from '../answers_fixtures.js'

/** A help page embedding two assistants (several instances per page), nothing inline. */
function hostPage(attributes: string) {
  return embedHostPage({
    body: `<aip-assistant id="first" ${attributes}></aip-assistant>
<aip-assistant id="second" heading="Second assistant" no-handoff ${attributes}></aip-assistant>`,
  })
}

/** Records the assistants' aip-* events (evaluated through the devtools protocol, not a page script). */
async function recordEvents(page: Page) {
  await page.evaluate(() => {
    const browser = globalThis as any
    browser.aipEvents = []
    for (const type of ['aip-question', 'aip-answer', 'aip-ticket', 'aip-error']) {
      browser.document.addEventListener(type, (event: any) =>
        browser.aipEvents.push({ type, id: event.target.id, detail: event.detail })
      )
    }
  })
}

/** The id and part of the element focused inside the first assistant's shadow root. */
function focused(page: Page) {
  return page.evaluate(() => {
    const active = (globalThis as any).document.querySelector('#first')?.shadowRoot?.activeElement
    return active ? `${active.id}|${active.getAttribute('part')}` : null
  })
}

test.group('Browser: <aip-assistant> on a customer site', (group) => {
  const chromium = useChromium(group)

  test('a visitor asks with the keyboard, the answer streams with citations, a follow-up, then a ticket to a person', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'browserassist')
    const published = await seedKnowledge(owner, POLICIES, 'Help center')
    await seedKnowledge(owner, OTHER_POLICIES, 'Internal notes')
    const visibility = await client
      .patch(`/v1/knowledge/buckets/${published.bucketId}`)
      .bearerToken(owner.token)
      .json({ visibility: 'public' })
    visibility.assertStatus(200)

    let attributes = ''
    const site = await startHostSite(() => hostPage(attributes), strictHostCsp())
    chromium.sites.push(site)
    const key = await createEmbedKey(client, owner, owner.personalWorkspaceId, {
      capabilities: ['knowledge:ask', 'support:submit'],
      allowed_origins: [site.origin],
    })
    attributes = `key="${key.public_key}"`

    const watched = await openWatchedPage(chromium.browser)
    const page = watched.page
    const streamed: string[] = []
    page.on('response', (response) => {
      if (response.url().includes('/v1/embed/knowledge/answers')) {
        streamed.push(response.headers()['content-type'] ?? '')
      }
    })
    await page.goto(site.origin)
    const assistant = page.locator('#first')
    await assistant.getByRole('heading', { name: 'Ask our assistant' }).waitFor()
    assert.equal(
      (await page.locator('#second').getByRole('heading').textContent())?.trim(),
      'Second assistant'
    )
    await recordEvents(page)

    // Keyboard only: Tab into the question field, type, Enter.
    await page.keyboard.press('Tab')
    assert.equal(await focused(page), 'question|input')
    await page.keyboard.type('How long do refunds take for a returned item?')
    await page.keyboard.press('Enter')
    const firstTurn = assistant.locator('[part="turn"]').first()
    await firstTurn.locator('[part="sources"]').waitFor()
    assert.deepEqual(streamed, ['text/event-stream; charset=utf-8'])
    const answer = firstTurn.locator('[part="answer"]')
    assert.include(await answer.textContent(), 'Refunds are processed within 14 days')
    assert.notInclude(await answer.textContent(), '30 days', 'a private bucket never answers')
    assert.equal(await answer.getAttribute('aria-busy'), 'false')
    assert.equal(await assistant.locator('[part="log"]').getAttribute('aria-live'), 'polite')
    // Focus is back in the question field for a follow-up.
    assert.equal(await focused(page), 'question|input')

    // A citation marker moves focus to its numbered source.
    const marker = firstTurn.locator('[part="marker"]').first()
    const label = await marker.getAttribute('aria-label')
    assert.match(label!, /^Source \d+: Refund policy$/)
    await marker.focus()
    await page.keyboard.press('Enter')
    const number = label!.match(/\d+/)![0]
    assert.equal(await focused(page), `source-0-${number}|source`)
    assert.include(await firstTurn.locator(`#source-0-${number}`).textContent(), 'Refund policy')

    // Follow-up in the same conversation.
    await assistant
      .getByLabel('Ask a follow-up question')
      .fill('How much does express delivery cost?')
    await assistant.getByLabel('Ask a follow-up question').press('Enter')
    const secondTurn = assistant.locator('[part="turn"]').nth(1)
    await secondTurn.locator('[part="sources"]').waitFor()
    assert.include(await secondTurn.locator('[part="answer"]').textContent(), '9 euros')
    const events = await page.evaluate(() => (globalThis as any).aipEvents)
    assert.deepEqual(
      events.map((event: { type: string; id: string }) => `${event.type}@${event.id}`),
      ['aip-question@first', 'aip-answer@first', 'aip-question@first', 'aip-answer@first']
    )

    // Talk to a person: the form takes focus; invalid fields are announced and focused.
    await assistant.getByRole('button', { name: 'Talk to a person' }).click()
    assert.equal(await focused(page), 'field-name|input')
    await assistant.getByLabel('E-mail').fill('not-an-email')
    await assistant.getByRole('button', { name: 'Send to our team' }).click()
    await assistant.locator('#field-name[aria-invalid="true"]').waitFor()
    assert.equal(await focused(page), 'field-name|input')
    assert.equal(
      await assistant.locator('#field-email-error').textContent(),
      'Enter a valid e-mail address'
    )
    await assistant.getByLabel('Name').fill('Ada Visitor')
    await assistant.getByLabel('E-mail').fill('ada@example.test')
    await assistant.getByLabel('Message (optional)').fill('My parcel came back damaged.')
    await assistant.getByRole('button', { name: 'Send to our team' }).click()
    await assistant.locator('[part="success"]').waitFor()
    assert.equal(await focused(page), '|success')

    // The ticket is there for the team, with the whole conversation and its sources.
    const tickets = await client.get('/v1/support/tickets?anonymous=true').bearerToken(owner.token)
    tickets.assertStatus(200)
    const [ticket] = tickets.body().data
    assert.equal(ticket.email, 'ada@example.test')
    assert.equal(ticket.name, 'Ada Visitor')
    assert.equal(ticket.subject, 'Assistant: How long do refunds take for a returned item?')
    assert.include(ticket.message, 'My parcel came back damaged.')
    assert.include(ticket.message, 'Question: How much does express delivery cost?')
    assert.include(ticket.message, 'Refunds are processed within 14 days')
    assert.include(ticket.message, 'Refund policy')
    assert.include(ticket.message, 'Shipping guide')

    await watched.assertClean(assert)
    await page.close()
  })

  test('French and German render; a key without knowledge:ask shows an accessible error', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'browserassistfr')
    let attributes = ''
    const site = await startHostSite(() => hostPage(attributes), strictHostCsp())
    chromium.sites.push(site)
    const key = await createEmbedKey(client, owner, owner.personalWorkspaceId, {
      capabilities: ['support:submit'],
      allowed_origins: [site.origin],
    })
    attributes = `key="${key.public_key}" locale="fr"`
    const watched = await openWatchedPage(chromium.browser)
    const page = watched.page
    await page.goto(site.origin)
    const assistant = page.locator('#first')
    await assistant
      .getByRole('heading', { name: 'Posez votre question à notre assistant' })
      .waitFor()
    await assistant.getByLabel('Votre question', { exact: true }).fill('Livraison ?')
    await assistant.getByRole('button', { name: 'Demander' }).click()
    const alert = assistant.getByRole('alert')
    await alert.waitFor()
    assert.equal(await alert.textContent(), 'L’assistant n’est pas disponible sur ce site.')
    // The refusal is the key's expected 403 (Chromium logs the failed load); nothing else.
    await watched.assertClean(assert, { allowConsole: /403/ })

    await page.evaluate(() =>
      (globalThis as any).document.querySelector('#first').setAttribute('locale', 'de')
    )
    await assistant.getByRole('heading', { name: 'Fragen Sie unseren Assistenten' }).waitFor()
    await page.close()
  })
})
