import { defineSchema } from '#core/openapi/schema_registry'

/** Response schemas of the kernel's own routes: health checks and the API description. */
export const systemSchemas = {
  health: defineSchema('Health', {
    type: 'object',
    required: ['status'],
    properties: {
      status: { type: 'string', enum: ['ok', 'unavailable'] },
      checks: {
        type: 'object',
        additionalProperties: {
          type: 'object',
          required: ['status'],
          properties: { status: { type: 'string' }, detail: { type: 'string' } },
        },
      },
    },
  }),
  openapi: defineSchema('OpenApiDocument', { type: 'object', description: 'This document' }),
}
