import { test } from '@japa/runner'
import type { Browser } from 'playwright-core'
import {
  embedHostPage,
  launchChromium,
  openWatchedPage,
  startHostSite,
  strictHostCsp,
  type HostSite,
} from '#tests/helpers/browser'

/**
 * The element tests rely on `openWatchedPage().assertClean()` to prove "0 CSP
 * violations, 0 console errors, 0 axe violations": this checks that it does
 * see each of them on a page that has them.
 */
test.group('Browser: the embed test harness', (group) => {
  let browser: Browser
  let site: HostSite
  group.setup(async () => {
    browser = await launchChromium()
    site = await startHostSite(
      () =>
        embedHostPage({
          body: `<p style="color: red">inline style</p><aip-broken><img src="/pixel.png"></aip-broken>`,
        }).replace('</main>', '</main><script>console.error("inline")</script>'),
      strictHostCsp()
    )
    return async () => {
      await browser.close()
      await site.close()
    }
  })

  test('reports CSP violations, console errors and axe violations inside aip- elements', async ({
    assert,
  }) => {
    const watched = await openWatchedPage(browser)
    await watched.page.goto(site.origin)
    await watched.page.waitForTimeout(200)
    const directives = watched.cspViolations.join('\n')
    assert.include(directives, 'script-src')
    assert.include(directives, 'style-src')
    assert.isNotEmpty(watched.consoleErrors)
    const violations = await watched.axe()
    assert.include(
      violations.map((violation) => violation.id),
      'image-alt'
    )
    let failed = false
    try {
      await watched.assertClean(assert)
    } catch {
      failed = true
    }
    assert.isTrue(failed, 'assertClean fails on such a page')
    await watched.page.close()
  })
})
