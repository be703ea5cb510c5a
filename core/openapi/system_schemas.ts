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
          properties: {
            status: { type: 'string' },
            detail: { type: 'string' },
            locked: { type: 'integer', description: '`jobs`: jobs locked by a worker now' },
            slow: {
              type: 'integer',
              description:
                '`jobs`: jobs locked longer than `slow_after_seconds` (status `slow`, still ready)',
            },
            stuck: {
              type: 'integer',
              description:
                '`jobs`: jobs held by a dead worker past the reclaim deadline (status `stuck`, not ready)',
            },
            oldest_locked_seconds: { type: ['integer', 'null'] },
            slow_after_seconds: { type: 'integer' },
          },
        },
      },
    },
  }),
  openapi: defineSchema('OpenApiDocument', { type: 'object', description: 'This document' }),
  metrics: defineSchema('PrometheusMetrics', {
    type: 'string',
    description: 'Prometheus text exposition format 0.0.4',
  }),
}
