import type { JsonSchema } from '#core/openapi/operation_registry'

const components = new Map<string, JsonSchema>()

/**
 * Registers a named response schema (an OpenAPI component) and returns a
 * `$ref` to it. Schemas are JSON Schema 2020-12.
 */
export function defineSchema(name: string, schema: JsonSchema): JsonSchema {
  if (components.has(name) && components.get(name) !== schema) {
    throw new Error(`Duplicate OpenAPI schema "${name}"`)
  }
  components.set(name, schema)
  return { $ref: `#/components/schemas/${name}` }
}

/** A `{ data, next_cursor }` page of items, the shape of every list route. */
export function pageOf(name: string, item: JsonSchema): JsonSchema {
  return defineSchema(name, {
    type: 'object',
    required: ['data', 'next_cursor'],
    properties: {
      data: { type: 'array', items: item },
      next_cursor: {
        type: ['string', 'null'],
        description: 'Pass as `cursor` to get the next page; null on the last page',
      },
    },
  })
}

/** All registered component schemas. */
export function registeredSchemas(): Record<string, JsonSchema> {
  return Object.fromEntries(components)
}
