import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import app from '@adonisjs/core/services/app'

/** A static file of the embed path: body, type and strong ETag. */
export interface EmbedAsset {
  body: string
  type: string
  etag: string
}

const WEB_COMPONENTS = app.makePath('web-components')
/** Bundles served under /embed/v1/ (see web-components/build.ts). */
export const EMBED_BUNDLES = new Set(['aip.js', 'aip-lead-form.js'])
const bundles = new Map<string, Promise<EmbedAsset>>()

/**
 * An embed bundle (`/embed/v1/aip.js`, `/embed/v1/aip-lead-form.js`): built in
 * memory with esbuild on first use and kept for the life of the process;
 * without esbuild (production installs omit dev dependencies) the file written
 * by `npm run build:embed`.
 */
export function embedBundle(name = 'aip.js'): Promise<EmbedAsset> {
  let bundle = bundles.get(name)
  if (!bundle) {
    bundle = (async () => {
      let code: string
      try {
        const { buildEmbedBundle } = await import('../../web-components/build.js')
        code = await buildEmbedBundle(name)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error
        code = await readFile(join(WEB_COMPONENTS, 'dist', name), 'utf8')
      }
      return asset(code, 'text/javascript; charset=utf-8')
    })()
    bundles.set(name, bundle)
    bundle.catch(() => bundles.delete(name))
  }
  return bundle
}

/** The demo stylesheet (theming through the elements' custom properties and parts). */
export async function demoStylesheet(): Promise<EmbedAsset> {
  return asset(
    await readFile(join(WEB_COMPONENTS, 'demo/demo.css'), 'utf8'),
    'text/css; charset=utf-8'
  )
}

/**
 * The demo host page. The publishable key comes from `?key=` and is written
 * into the element's attribute (escaped); the page needs no inline script or
 * style.
 */
export async function demoPage(key: string | undefined, locale: string | undefined) {
  const template = await readFile(join(WEB_COMPONENTS, 'demo/demo.html'), 'utf8')
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
