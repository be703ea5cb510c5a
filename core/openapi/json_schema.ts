import type { JsonSchema } from '#core/openapi/operation_registry'

/**
 * Converts the Draft 7 output of VineJS `toJSONSchema()` to JSON Schema
 * 2020-12, the dialect of OpenAPI 3.1: `definitions` become `$defs`, tuple
 * `items` arrays become `prefixItems`, `$schema` is dropped. VineJS strips
 * unknown object properties instead of refusing them, so its
 * `additionalProperties: false` would promise a refusal the API does not make:
 * it is dropped too (docs/reference/api.md, "Unknown properties").
 */
export function toJsonSchema2020(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema2020)
  if (!schema || typeof schema !== 'object') return schema
  const input = schema as Record<string, unknown>
  const output: JsonSchema = {}
  for (const [key, value] of Object.entries(input)) {
    if (key === '$schema') continue
    if (key === 'additionalProperties' && value === false) continue
    if (key === 'definitions') {
      output.$defs = toJsonSchema2020(value)
    } else if (key === 'items' && Array.isArray(value)) {
      output.prefixItems = value.map(toJsonSchema2020)
      if ('additionalItems' in input) output.items = toJsonSchema2020(input.additionalItems)
    } else if (key === 'additionalItems') {
      continue
    } else if (key === '$ref' && typeof value === 'string') {
      output.$ref = value.replace('#/definitions/', '#/$defs/')
    } else {
      output[key] = toJsonSchema2020(value)
    }
  }
  return output
}
