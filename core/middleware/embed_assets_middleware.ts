import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { Problem } from '#core/http/problem'
import {
  demoPage,
  demoStylesheet,
  embedBundle,
  isEmbedBundle,
  type EmbedAsset,
} from '#core/http/embed_assets'

/** Base path of the embed assets; the version changes only with breaking changes. */
export const EMBED_ASSETS_PATH = '/embed/v1/'

/** CSP of the demo page: the strictest one the elements work under. */
const DEMO_CSP =
  "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

/**
 * Serves the web components to host pages on any site: `/embed/v1/aip.js`
 * (one ES module with every element) and one module per element
 * (`/embed/v1/elements/aip-<name>.js`; module
 * scripts load in CORS mode, so they are public to every origin), plus the
 * demo host page and its stylesheet. Everything else passes through.
 */
export default class EmbedAssetsMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const { request, response } = ctx
    const method = request.method()
    const path = request.url()
    if ((method !== 'GET' && method !== 'HEAD') || !path.startsWith(EMBED_ASSETS_PATH)) {
      return next()
    }
    const name = path.slice(EMBED_ASSETS_PATH.length)
    let file: EmbedAsset
    if (isEmbedBundle(name)) {
      const bundle = await embedBundle(name)
      if (!bundle) throw Problem.notFound('Element bundle')
      file = bundle
      response.header('Access-Control-Allow-Origin', '*')
      response.header('Cross-Origin-Resource-Policy', 'cross-origin')
      response.header('Cache-Control', 'public, max-age=300')
    } else if (name === 'demo.css') {
      file = await demoStylesheet()
      response.header('Cache-Control', 'public, max-age=300')
    } else if (name === 'demo.html') {
      const query = request.qs()
      file = await demoPage(
        typeof query.key === 'string' ? query.key : undefined,
        typeof query.locale === 'string' ? query.locale : undefined,
        typeof query.session === 'string' ? query.session : undefined
      )
      response.header('Content-Security-Policy', DEMO_CSP)
      response.header('Cache-Control', 'no-store')
    } else {
      return next()
    }
    response.header('Content-Type', file.type)
    response.header('X-Content-Type-Options', 'nosniff')
    response.header('ETag', file.etag)
    if (request.header('if-none-match') === file.etag) {
      response.status(304)
      return
    }
    response.status(200).send(method === 'HEAD' ? '' : file.body)
  }
}
