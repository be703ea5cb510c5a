import { defineSchema, pageOf } from '#sdk'

const uuid = { type: 'string', format: 'uuid' }
const timestamp = { type: 'string', format: 'date-time' }
const nullableTimestamp = { type: ['string', 'null'], format: 'date-time' }

const EmbedKey = defineSchema('EmbedKey', {
  type: 'object',
  required: [
    'id',
    'workspace_id',
    'name',
    'public_key',
    'allowed_origins',
    'capabilities',
    'rate_limit_per_minute',
    'created_at',
  ],
  properties: {
    id: uuid,
    workspace_id: uuid,
    name: { type: 'string' },
    public_key: {
      type: 'string',
      pattern: '^pk_[A-Za-z0-9_-]{32}$',
      description: 'Publishable: put it in your page (data attribute or script)',
    },
    allowed_origins: { type: 'array', items: { type: 'string' } },
    capabilities: { type: 'array', items: { type: 'string' } },
    rate_limit_per_minute: { type: 'integer', description: 'Per key and client IP' },
    created_by: { type: ['string', 'null'], format: 'uuid' },
    last_used_at: nullableTimestamp,
    revoked_at: nullableTimestamp,
    created_at: timestamp,
    updated_at: timestamp,
  },
})

/** Schemas of the embed routes (keys, key info). */
export const embedSchemas = {
  EmbedKey,
  embedKeyPage: pageOf('EmbedKeyPage', EmbedKey),
  EmbedKeyInfo: defineSchema('EmbedKeyInfo', {
    type: 'object',
    required: ['capabilities', 'origin'],
    properties: {
      capabilities: { type: 'array', items: { type: 'string' } },
      origin: { type: 'string', description: 'The allowed origin the request came from' },
    },
  }),
}
