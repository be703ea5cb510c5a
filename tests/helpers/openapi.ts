import { Ajv2020 } from 'ajv/dist/2020.js'
import formats from 'ajv-formats'
import type { ApiResponse } from '@japa/api-client'
import { activePlugins } from '#core/plugins/plugin_registry'
import { buildOpenApiDocument } from '#core/openapi/document_builder'
import platform from '#config/platform'

type Document = ReturnType<typeof buildOpenApiDocument>

let documentPromise: Promise<{ document: Document; ajv: InstanceType<typeof Ajv2020> }> | undefined

/** The platform's OpenAPI document, with an Ajv (JSON Schema 2020-12) instance holding its components. */
export function specification() {
  documentPromise ??= (async () => {
    const document = buildOpenApiDocument(await activePlugins(platform.plugins))
    const ajv = new Ajv2020({ strict: false, allErrors: true })
    formats.default(ajv)
    ajv.addSchema({ $id: 'spec', components: document.components }, 'spec')
    return { document, ajv }
  })()
  return documentPromise
}

/**
 * Asserts that a response matches the OpenAPI document: the route and status
 * are documented and the body validates against the documented schema (for
 * errors: the problem+json schema). Throws with the validation errors.
 */
export async function assertMatchesSpec(response: ApiResponse) {
  const { document, ajv } = await specification()
  const method = response.request.config.method.toLowerCase()
  const path = new URL(response.request.config.endpoint, 'http://x').pathname
  // Static segments win over parameters (/secrets/audit before /secrets/{service_name}).
  const candidates = Object.entries(document.paths)
    .filter(([template]) => {
      const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`)
      return pattern.test(path)
    })
    .sort(([a], [b]) => a.split('{').length - b.split('{').length)
  const entry =
    candidates.find(([, item]) => (item as Record<string, unknown>)[method]) ?? candidates[0]
  if (!entry) throw new Error(`${method.toUpperCase()} ${path} is not in the OpenAPI document`)
  const operation = (entry[1] as Record<string, any>)[method]
  if (!operation)
    throw new Error(`${method.toUpperCase()} ${entry[0]} is not in the OpenAPI document`)
  const status = String(response.status())
  const documented = operation.responses[status] ?? operation.responses.default
  if (!documented) {
    throw new Error(`${operation.operationId} does not document status ${status}`)
  }
  const media = documented.content
    ? (Object.values(documented.content)[0] as { schema: Record<string, unknown> })
    : undefined
  if (!media) {
    if (response.text().length)
      throw new Error(`${operation.operationId} ${status} documents no body but got one`)
    return
  }
  const contentType = String(response.header('content-type') ?? '')
  const expectedType = Object.keys(documented.content)[0]
  if (!contentType.startsWith(expectedType)) {
    throw new Error(
      `${operation.operationId} ${status}: content-type ${contentType}, documented ${expectedType}`
    )
  }
  const schema = JSON.parse(
    JSON.stringify(media.schema).replaceAll('"#/components/', '"spec#/components/')
  )
  const validate = ajv.compile(schema)
  if (!validate(response.body())) {
    throw new Error(
      `${operation.operationId} ${status} body does not match the document: ${ajv.errorsText(validate.errors)}`
    )
  }
}
