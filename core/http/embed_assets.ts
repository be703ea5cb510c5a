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
/** Per-element bundles: `elements/aip-<name>.js`, one per element the build knows (bounded: a file name). */
const ELEMENT_BUNDLE = /^elements\/aip-(?=[a-z-]{1,100}\.js$)[a-z]+(?:-[a-z]+)*\.js$/
/** Files the build always writes to the assets folder (checked at start-up). */
export const EMBED_BUILT_FILES = [EMBED_ALL_IN_ONE, 'demo.html', 'demo.css']

/**
 * Whether `name` (relative to /embed/v1/) has the shape of a bundle: the
 * all-in-one, or an element's own module. Only the shape: whether the build
 * wrote it is `embedBundle`'s answer (no disk lookup here).
 */
export function isEmbedBundle(name: string): boolean {
  return name === EMBED_ALL_IN_ONE || ELEMENT_BUNDLE.test(name)
}

/** The command that writes the assets folder. */
export const EMBED_BUILD_COMMAND = 'npm run build:embed'

/**
 * A built file that is missing: a 503 problem naming the build command (or,
 * for an element's bundle while the rest is built, an unknown element).
 */
class NotBuilt extends Problem {
  constructor(name: string) {
    super(
      503,
      'embed-assets-not-built',
      'Embed assets not built',
      `The web components have not been built (${name} is missing): run \`${EMBED_BUILD_COMMAND}\`, which writes web-components/dist/ (it needs the dev dependencies; a production install serves a dist/ built beforehand)`,
      { headers: { 'Retry-After': '60' } }
    )
  }
}

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
      throw new NotBuilt(name)
    })
    files.set(name, file)
  }
  return file
}

/** Built files missing from the assets folder (checked at start-up, to warn). */
export function missingEmbedAssets(): string[] {
  return EMBED_BUILT_FILES.filter((name) => !existsSync(join(embedAssetsDir(), name)))
}

/** Type of the bundles. */
const JAVASCRIPT = 'text/javascript; charset=utf-8'

/**
 * An embed bundle (`/embed/v1/aip.js`, `/embed/v1/elements/aip-lead-form.js`,
 * a name `isEmbedBundle` accepts) as written by `npm run build:embed`, read
 * once and kept. Null for an element the build did not write (a 404): its
 * read fails, and the all-in-one (kept in memory once read) proves that the
 * build exists. A 503 problem when nothing has been built.
 */
export async function embedBundle(name = EMBED_ALL_IN_ONE): Promise<EmbedAsset | null> {
  try {
    return await staticAsset(name, JAVASCRIPT)
  } catch (error) {
    if (name === EMBED_ALL_IN_ONE || !(error instanceof NotBuilt)) throw error
    await staticAsset(EMBED_ALL_IN_ONE, JAVASCRIPT)
    return null
  }
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

/** Shape of a compact JWT (an embed session token), bounded in length. */
const SESSION_TOKEN = /^[A-Za-z0-9_-]{1,2048}\.[A-Za-z0-9_-]{1,4096}\.[A-Za-z0-9_-]{1,512}$/

/**
 * The demo host page. The publishable key comes from `?key=` and an end-user
 * session token (for the elements that need one) from `?session=`; both are
 * checked against their shape before they are written into attributes. The
 * page needs no inline script or style.
 */
export async function demoPage(
  key: string | undefined,
  locale: string | undefined,
  session?: string
) {
  const template = await builtFile('demo.html')
  const safeKey = /^pk_[A-Za-z0-9_-]{32}$/.test(key ?? '') ? key! : ''
  const safeLocale = /^[a-z]{2}$/.test(locale ?? '') ? locale! : 'en'
  const safeSession = SESSION_TOKEN.test(session ?? '') ? session! : ''
  const html = template
    .replaceAll('{{key}}', safeKey)
    .replaceAll('{{session}}', safeSession)
    .replaceAll('{{locale}}', safeLocale)
    .replace('{{missing-key}}', safeKey ? '' : 'visible')
  return asset(html, 'text/html; charset=utf-8')
}

function asset(body: string, type: string): EmbedAsset {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`
  return { body, type, etag }
}
