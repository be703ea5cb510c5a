import { existsSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { chromium, type Browser } from 'playwright-core'

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
