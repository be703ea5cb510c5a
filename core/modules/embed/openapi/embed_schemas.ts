import { defineSchema, pageOf } from '#sdk'
import { embedKeyResource } from '../services/embed_key_resource.js'
import { embedSecretKeyResource } from '../services/embed_secret_key_resource.js'
import { embedEndUserResource } from '../services/embed_end_user_resource.js'

const EmbedKey = embedKeyResource.schema
const EmbedSecretKey = embedSecretKeyResource.schema
const EmbedEndUser = embedEndUserResource.schema

/** Schemas of the embed routes (keys, key info, secret keys, end users, sessions). */
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
  EmbedSecretKey,
  embedSecretKeyPage: pageOf('EmbedSecretKeyPage', EmbedSecretKey),
  CreatedEmbedSecretKey: defineSchema('CreatedEmbedSecretKey', {
    allOf: [
      EmbedSecretKey,
      {
        type: 'object',
        required: ['secret'],
        properties: {
          secret: {
            type: 'string',
            pattern: '^sk_[A-Za-z0-9_-]{43}$',
            description:
              'The HS256 signing secret, shown this once: keep it on your server (the bytes of this string are the key)',
          },
        },
      },
    ],
  }),
  EmbedEndUser,
  embedEndUserPage: pageOf('EmbedEndUserPage', EmbedEndUser),
  EmbedSessionInfo: defineSchema('EmbedSessionInfo', {
    type: 'object',
    required: ['end_user', 'scopes', 'expires_at'],
    properties: {
      end_user: {
        type: 'object',
        required: ['id', 'external_id', 'name', 'email'],
        properties: {
          id: { type: 'string', format: 'uuid' },
          external_id: { type: 'string' },
          name: { type: ['string', 'null'] },
          email: { type: ['string', 'null'] },
        },
      },
      scopes: { type: 'array', items: { type: 'string' } },
      expires_at: { type: 'string', format: 'date-time' },
    },
  }),
}
