import { defineSchema, pageOf } from '#sdk'
import { embedKeyResource } from '../services/embed_key_resource.js'

const EmbedKey = embedKeyResource.schema

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
