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

test.group('Browser: <aip-chat> for a signed-in end user', (group) => {
  const chromium = useChromium(group)

  test('an end user chats with streamed answers; history survives reload; another end user sees none of it; refused sessions show an error', async ({
    client,
    assert,
  }) => {
    const owner = await registerAccount(client, 'browserchat')
    // The host's backend renders the page with the signed-in user's token.
    let session = ''
    let key = ''
    const site = await startHostSite(
      () =>
        embedHostPage({
          body: `<aip-chat key="${key}" session="${session}"></aip-chat>`,
        }),
      strictHostCsp()
    )
    chromium.sites.push(site)
    key = (
      await createEmbedKey(client, owner, owner.personalWorkspaceId, {
        allowed_origins: [site.origin],
      })
    ).public_key
    const secret = await createEmbedSecretKey(client, owner, owner.personalWorkspaceId)
    session = await mintSessionToken(secret, { sub: 'ada', name: 'Ada', scope: 'chat' })

    const watched = await openWatchedPage(chromium.browser)
    const page = watched.page
    const streamed: string[] = []
    page.on('response', (response) => {
      if (response.url().endsWith('/messages') && response.request().method() === 'POST') {
        streamed.push(response.headers()['content-type'] ?? '')
      }
    })
    await page.goto(site.origin)
    const chat = page.locator('aip-chat')
    await chat.getByText('No conversations yet.').waitFor()

    // Keyboard: the message field, Enter; the answer streams into the live log.
    await chat.getByLabel('Message').focus()
    await page.keyboard.type('Which channels suit a launch for small bakeries?')
    await page.keyboard.press('Enter')
    const answer = chat.locator('[part="answer"]').first()
    await answer.and(page.locator('[aria-busy="false"]')).waitFor()
    assert.deepEqual(streamed, ['text/event-stream; charset=utf-8'])
    const answerText = (await answer.textContent())!.replace('Copilot:', '').trim()
    assert.isAbove(answerText.length, 0)
    assert.equal(await chat.locator('[part="log"]').getAttribute('aria-live'), 'polite')
    const title = 'Which channels suit a launch for small bakeries?'
    await chat.getByRole('button', { name: title }).waitFor()
    assert.equal(
      await chat.getByRole('button', { name: title }).getAttribute('aria-current'),
      'true'
    )
    await watched.assertClean(assert)

    // Reload: the history is on the platform; reopening shows the exchange.
    await page.reload()
    await chat.getByRole('button', { name: title }).click()
    await chat.locator('[part="user"]').first().waitFor()
    assert.include(await chat.locator('[part="user"]').first().textContent(), title)
    assert.include(await chat.locator('[part="answer"]').first().textContent(), answerText)
    // New conversation empties the log and keeps the history.
    await chat.getByRole('button', { name: 'New conversation' }).click()
    assert.equal(await chat.locator('[part="user"]').count(), 0)
    assert.equal(await chat.locator('[part="session"]').count(), 1)
    await watched.assertClean(assert)
    await page.close()

    // Another end user of the same workspace sees none of Ada's conversations.
    session = await mintSessionToken(secret, { sub: 'bob', scope: 'chat' })
    const bob = await openWatchedPage(chromium.browser)
    await bob.page.goto(site.origin)
    await bob.page.locator('aip-chat').getByText('No conversations yet.').waitFor()
    assert.equal(await bob.page.locator('aip-chat').getByRole('button', { name: title }).count(), 0)
    await bob.assertClean(assert)
    await bob.page.close()

    // Expired and forged tokens are refused with an accessible message, in the page's language.
    const now = Math.floor(Date.now() / 1000)
    for (const refused of [
      await mintSessionToken(secret, { sub: 'ada', scope: 'chat', iat: now - 900, exp: now - 300 }),
      await mintSessionToken(secret, { sub: 'ada', scope: 'chat' }, 'not-the-secret'),
    ]) {
      session = refused
      const denied = await openWatchedPage(chromium.browser)
      await denied.page.goto(site.origin)
      const alert = denied.page.locator('aip-chat').getByRole('alert')
      await alert.waitFor()
      assert.equal(
        (await alert.textContent())?.trim(),
        'Your session has expired or is not valid. Sign in again to continue.'
      )
      await denied.assertClean(assert, { allowConsole: /401/ })
      await denied.page.close()
    }
  })
})
