import { defineSchema, pageOf } from '#sdk'
import { embedKeyResource } from '../services/embed_key_resource.js'
import { embedSecretKeyResource } from '../services/embed_secret_key_resource.js'
import { embedEndUserResource } from '../services/embed_end_user_resource.js'

const EmbedKey = embedKeyResource.schema
const EmbedSecretKey = embedSecretKeyResource.schema
const EmbedEndUser = embedEndUserResource.schema

const themeValues = {
  type: 'object',
  properties: {
    colors: {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(
        ['primary', 'on_primary', 'background', 'text', 'muted', 'border', 'error', 'success'].map(
          (name) => [name, { type: 'string', description: '#rgb, #rrggbb or rgb(r, g, b)' }]
        )
      ),
    },
    font_family: { type: 'string' },
    font_size_px: { type: 'number', minimum: 12, maximum: 24 },
    radius_px: { type: 'number', minimum: 0, maximum: 32 },
    logo_url: { type: 'string', format: 'uri' },
  },
} as const

const EmbedTheme = defineSchema('EmbedTheme', {
  type: 'object',
  required: ['properties', 'logo_url', 'sources'],
  properties: {
    properties: {
      type: 'object',
      additionalProperties: { type: 'string' },
      description: 'CSS custom properties (`--aip-…`) with validated values',
    },
    logo_url: { type: ['string', 'null'] },
    sources: {
      type: 'array',
      items: { type: 'string' },
      description: 'Where the values come from, lowest first: `settings`, then plugins',
    },
  },
})

/** Schemas of the embed routes (keys, key info, secret keys, end users, sessions, themes). */
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
  EmbedTheme,
  EmbedThemeSettings: defineSchema('EmbedThemeSettings', {
    type: 'object',
    required: ['settings', 'theme'],
    properties: { settings: themeValues, theme: EmbedTheme },
  }),
}
