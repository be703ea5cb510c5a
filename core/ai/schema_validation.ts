import { z } from 'zod'
import type { FieldError } from '#core/http/problem'
import { AiGatewayError } from '#core/ai/ai_gateway_error'

/**
 * Compiles a caller's JSON Schema into a validator (zod's JSON Schema import,
 * draft 2020-12 keywords). A schema that cannot be compiled is the caller's
 * error: 422 on the `schema` field.
 */
export function compileSchema(schema: Record<string, unknown>) {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) {
    throw new AiGatewayError(
      422,
      'validation-error',
      'Validation failed',
      'The schema must be a JSON Schema object',
      {
        errors: [{ field: 'schema', message: 'Must be a JSON Schema object', rule: 'object' }],
      }
    )
  }
  try {
    return z.fromJSONSchema(schema as any)
  } catch (error) {
    throw new AiGatewayError(
      422,
      'validation-error',
      'Validation failed',
      'The schema is not a usable JSON Schema',
      {
        errors: [
          { field: 'schema', message: (error as Error).message.slice(0, 300), rule: 'json_schema' },
        ],
      }
    )
  }
}

/** Validates a value against a compiled schema; returns the problems (empty when valid). */
export function schemaErrors(validator: z.ZodType, value: unknown): FieldError[] {
  const result = validator.safeParse(value)
  if (result.success) return []
  return result.error.issues.slice(0, 20).map((issue) => ({
    field: issue.path.length ? issue.path.join('.') : '(root)',
    message: issue.message,
    rule: issue.code,
  }))
}
