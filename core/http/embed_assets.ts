import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import app from '@adonisjs/core/services/app'
import { Problem } from '#core/http/problem'
import type { PlatformConfig } from '#core/platform_config'

/** A static file of the embed path: body, type and strong ETag. */
export interface EmbedAsset {
  body: string
  type: string
  etag: string
}

/** The all-in-one bundle served under /embed/v1/ (built by web-components/build.ts). */
export const EMBED_ALL_IN_ONE = 'aip.js'
/** Per-element bundles: `elements/aip-<name>.js`, one per element the build knows. */
const ELEMENT_BUNDLE = /^elements\/aip-[a-z]+(?:-[a-z]+)*\.js$/
/** Files the build always writes to the assets folder (checked at start-up). */
export const EMBED_BUILT_FILES = [EMBED_ALL_IN_ONE, 'demo.html', 'demo.css']

/**
 * Whether `name` (relative to /embed/v1/) is a bundle: the all-in-one, or an
 * element's own module that the build wrote (unknown elements are not found,
 * unless nothing is built: then every bundle answers the same 503).
 */
export function isEmbedBundle(name: string): boolean {
  if (name === EMBED_ALL_IN_ONE) return true
  if (!ELEMENT_BUNDLE.test(name)) return false
  // Nothing built at all: answered like aip.js (503 naming the build command).
  const dir = embedAssetsDir()
  return existsSync(join(dir, name)) || !existsSync(join(dir, EMBED_ALL_IN_ONE))
}
/** The command that writes the assets folder. */
export const EMBED_BUILD_COMMAND = 'npm run build:embed'

const files = new Map<string, Promise<string>>()
const served = new Map<string, Promise<EmbedAsset>>()

/** Folder of the built embed assets (`web-components/dist/` unless EMBED_ASSETS_DIR says otherwise). */
export function embedAssetsDir(): string {
  return app.config.get<PlatformConfig>('platform').embedAssetsDir
}

/**
 * One built file, read once and kept for the life of the process. A missing
 * file is not remembered, so building while the server runs is enough; it
 * answers a 503 problem that names the build command.
 */
function builtFile(name: string): Promise<string> {
  let file = files.get(name)
  if (!file) {
    file = readFile(join(embedAssetsDir(), name), 'utf8').catch((error) => {
      files.delete(name)
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
      throw new Problem(
        503,
        'embed-assets-not-built',
        'Embed assets not built',
        `The web components have not been built (${name} is missing): run \`${EMBED_BUILD_COMMAND}\`, which writes web-components/dist/ (it needs the dev dependencies; a production install serves a dist/ built beforehand)`,
        { headers: { 'Retry-After': '60' } }
      )
    })
    files.set(name, file)
  }
  return file
}

/** Built files missing from the assets folder (checked at start-up, to warn). */
export function missingEmbedAssets(): string[] {
  return EMBED_BUILT_FILES.filter((name) => !existsSync(join(embedAssetsDir(), name)))
}

/**
 * An embed bundle (`/embed/v1/aip.js`, `/embed/v1/elements/aip-lead-form.js`) as
 * written by `npm run build:embed`; a 503 problem when it has not been built.
 */
export function embedBundle(name = 'aip.js'): Promise<EmbedAsset> {
  return staticAsset(name, 'text/javascript; charset=utf-8')
}

/** The demo stylesheet (theming through the elements' custom properties and parts). */
export function demoStylesheet(): Promise<EmbedAsset> {
  return staticAsset('demo.css', 'text/css; charset=utf-8')
}

/** A built file served as it is, with its ETag computed once. */
function staticAsset(name: string, type: string): Promise<EmbedAsset> {
  let file = served.get(name)
  if (!file) {
    file = builtFile(name).then((body) => asset(body, type))
    file.catch(() => served.delete(name))
    served.set(name, file)
  }
  return file
}

/**
 * The demo host page. The publishable key comes from `?key=` and is written
 * into the element's attribute (escaped); the page needs no inline script or
 * style.
 */
export async function demoPage(key: string | undefined, locale: string | undefined) {
  const template = await builtFile('demo.html')
  const safeKey = /^pk_[A-Za-z0-9_-]{32}$/.test(key ?? '') ? key! : ''
  const safeLocale = /^[a-z]{2}$/.test(locale ?? '') ? locale! : 'en'
  const html = template
    .replaceAll('{{key}}', safeKey)
    .replaceAll('{{locale}}', safeLocale)
    .replace('{{missing-key}}', safeKey ? '' : 'visible')
  return asset(html, 'text/html; charset=utf-8')
}

function asset(body: string, type: string): EmbedAsset {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`
  return { body, type, etag }
}
