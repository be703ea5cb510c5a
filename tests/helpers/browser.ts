import { existsSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { chromium, type Browser, type Page } from 'playwright-core'
import { appUrl } from '#config/app'

/** Debian's Chromium (installed by .ci/run with apt when missing). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Launches headless Chromium with the flags this environment needs. */
export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (see .ci/run)`)
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/** A tiny web server on a loopback port standing in for a customer's site. */
export interface HostSite {
  origin: string
  close(): Promise<void>
}

/** What useChromium() gives a browser test group. */
export interface GroupChromium {
  /** The group's Chromium (launched in the group's setup). */
  readonly browser: Browser
  /** Host sites the group's tests start: closed with the browser in the group's teardown. */
  readonly sites: HostSite[]
}

/**
 * One Chromium for a browser test group, launched in its setup and closed,
 * with every host site its tests pushed to `sites`, in its teardown: the one
 * way browser tests get a browser.
 */
export function useChromium(group: {
  setup(handler: () => Promise<() => Promise<void>>): unknown
}): GroupChromium {
  let browser: Browser | undefined
  const sites: HostSite[] = []
  group.setup(async () => {
    browser = await launchChromium()
    return async () => {
      await browser?.close()
      await Promise.all(sites.map((site) => site.close()))
    }
  })
  return {
    get browser() {
      if (!browser) throw new Error('Chromium is launched in the group setup')
      return browser
    },
    sites,
  }
}

/**
 * Serves the page `render()` returns at `/` with the given
 * Content-Security-Policy, the extra `files` by path (stylesheets), and 204
 * for anything else, on its own port: a different origin from the platform.
 */
export async function startHostSite(
  render: () => string,
  csp: string,
  files: Record<string, { type: string; body: string }> = {}
): Promise<HostSite> {
  const server: Server = createServer((request, response) => {
    const file = files[request.url ?? '']
    if (file) {
      response.writeHead(200, { 'Content-Type': file.type }).end(file.body)
    } else if (request.url === '/' || request.url?.startsWith('/?')) {
      response.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': csp,
      })
      response.end(render())
    } else {
      response.writeHead(204).end()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** Origin of the platform under test (the in-process test server). */
export const PLATFORM = `http://${process.env.HOST}:${process.env.PORT}`

/**
 * The platform's public origin (`APP_URL`), which its signed links (videos)
 * use: the same test server under another name here (`localhost`).
 */
export const PLATFORM_PUBLIC = new URL(appUrl).origin

/**
 * The strictest policy a customer might use, as the issue states it: nothing
 * by default; scripts, styles, requests and media (the video studio's player,
 * whose signed links name the platform's public URL) only from the platform;
 * Trusted Types required for every DOM sink. Host pages under it cannot carry
 * inline script or style, nor their own stylesheets: themes come from the
 * platform.
 */
export function strictHostCsp(platform = PLATFORM) {
  const media = [...new Set([platform, PLATFORM_PUBLIC])].join(' ')
  return [
    "default-src 'none'",
    `script-src ${platform}`,
    `style-src ${platform}`,
    `connect-src ${platform}`,
    `media-src ${media}`,
    "require-trusted-types-for 'script'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ')
}

/**
 * A customer page embedding elements: the all-in-one module (or `script`),
 * optional platform stylesheets, and `body` inside `<main>` (axe wants page
 * content in landmarks). Nothing inline.
 */
export function embedHostPage(options: {
  body: string
  lang?: string
  script?: string
  stylesheets?: string[]
}) {
  const styles = (options.stylesheets ?? [])
    .map((href) => `<link rel="stylesheet" href="${href}">`)
    .join('')
  return `<!doctype html><html lang="${options.lang ?? 'en'}"><head><meta charset="utf-8"><title>Customer site</title>${styles}
<script type="module" src="${options.script ?? `${PLATFORM}/embed/v1/aip.js`}"></script></head>
<body><main><h1>Customer site</h1>${options.body}</main></body></html>`
}

/** An axe-core result, reduced to what a failure message needs. */
export interface AxeViolation {
  id: string
  impact: string | null
  help: string
  targets: unknown[]
}

/** A page whose CSP violations, console errors and accessibility are watched. */
export interface WatchedPage {
  page: Page
  /** CSP violations: `securitypolicyviolation` events and the browser's CSP issues. */
  cspViolations: string[]
  /** Console errors and uncaught exceptions. */
  consoleErrors: string[]
  /** Runs axe-core on the `aip-` elements of the page (their shadow roots included). */
  axe(): Promise<AxeViolation[]>
  /**
   * Asserts, in one line, 0 CSP violations, 0 console errors (except those
   * matching `allowConsole`, e.g. an expected 422) and 0 axe violations.
   */
  assertClean(
    assert: { deepEqual(actual: unknown, expected: unknown, message?: string): void },
    options?: { allowConsole?: RegExp }
  ): Promise<void>
}

let axeSource: Promise<string> | undefined

/**
 * Opens a new page that records CSP violations and console errors from the
 * start, without any script of the page: the devtools protocol's Audits
 * domain reports CSP issues, a binding exposed by Playwright receives the
 * `securitypolicyviolation` events, and axe-core is evaluated through the
 * protocol (so the page's own CSP and Trusted Types do not apply to it).
 */
export async function openWatchedPage(browser: Browser): Promise<WatchedPage> {
  const page = await browser.newPage()
  const cspViolations: string[] = []
  const consoleErrors: string[] = []
  page.on('console', (message) => {
    // Browsers ask every origin for a favicon; neither site has one.
    if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) {
      consoleErrors.push(message.text())
    }
  })
  page.on('pageerror', (error) => consoleErrors.push(error.message))
  const cdp = await page.context().newCDPSession(page)
  cdp.on('Audits.issueAdded', ({ issue }) => {
    if (issue.code === 'ContentSecurityPolicyIssue') {
      const details = issue.details.contentSecurityPolicyIssueDetails
      cspViolations.push(
        `${details?.violatedDirective ?? 'csp'}: ${details?.blockedURL ?? details?.contentSecurityPolicyViolationType ?? ''}`
      )
    }
  })
  await cdp.send('Audits.enable')
  await page.exposeBinding('aipReportCspViolation', (_source, text: string) => {
    cspViolations.push(text)
  })
  await page.addInitScript(() => {
    const browserGlobal = globalThis as any
    browserGlobal.document.addEventListener(
      'securitypolicyviolation',
      (event: { violatedDirective: string; blockedURI: string }) =>
        browserGlobal.aipReportCspViolation(`${event.violatedDirective}: ${event.blockedURI}`)
    )
  })

  const axe = async (): Promise<AxeViolation[]> => {
    axeSource ??= import('node:fs/promises').then(({ readFile }) =>
      readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
    )
    const source = await axeSource
    await page.evaluate(`${source}\n;void 0`)
    return page.evaluate(async () => {
      const browserGlobal = globalThis as any
      const elements = [...browserGlobal.document.querySelectorAll('*')].filter(
        (element: { localName: string }) => element.localName.startsWith('aip-')
      )
      if (!elements.length) return []
      const result = await browserGlobal.axe.run(
        { include: elements.map((element: unknown) => [element]) },
        // No preload: axe would fetch the page's cross-origin stylesheets (a CORS error).
        { resultTypes: ['violations'], preload: false }
      )
      return result.violations.map(
        (violation: {
          id: string
          impact: string | null
          help: string
          nodes: { target: unknown[] }[]
        }) => ({
          id: violation.id,
          impact: violation.impact,
          help: violation.help,
          targets: violation.nodes.map((node) => node.target),
        })
      )
    })
  }

  return {
    page,
    cspViolations,
    consoleErrors,
    axe,
    async assertClean(assert, options = {}) {
      assert.deepEqual(cspViolations, [], 'no CSP violation')
      assert.deepEqual(
        consoleErrors.filter((text) => !options.allowConsole?.test(text)),
        [],
        'no console error'
      )
      assert.deepEqual(await axe(), [], 'no axe-core violation')
    },
  }
}
