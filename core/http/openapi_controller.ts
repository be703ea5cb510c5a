import platform from '#core/runtime/platform'
import { buildOpenApiDocument } from '#core/openapi/document_builder'

let cached: ReturnType<typeof buildOpenApiDocument> | undefined

/** Serves the OpenAPI 3.1 document built from the registered routes. */
export default class OpenApiController {
  async show() {
    cached ??= buildOpenApiDocument(await platform.plugins())
    return cached
  }
}
