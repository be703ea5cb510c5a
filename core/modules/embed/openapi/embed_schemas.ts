import { defineSchema, pageOf } from '#sdk'

const uuid = { type: 'string', format: 'uuid' }
const timestamp = { type: 'string', format: 'date-time' }
const nullableTimestamp = { type: ['string', 'null'], format: 'date-time' }

/** A field of an embedded form. */
const formField = {
  type: 'object',
  required: ['name', 'type', 'label'],
  properties: {
    name: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,39}$' },
    type: { type: 'string', enum: ['text', 'email', 'tel', 'textarea', 'select', 'checkbox'] },
    label: { type: 'string' },
    required: { type: 'boolean' },
    placeholder: { type: 'string' },
    max_length: { type: 'integer' },
    options: { type: 'array', items: { type: 'string' } },
    autocomplete: { type: 'string' },
  },
}

/** Form definition served to widgets (fields, labels, consent). */
const FormDefinition = defineSchema('EmbedFormDefinition', {
  type: 'object',
  required: ['fields'],
  properties: {
    title: { type: 'string' },
    fields: { type: 'array', items: formField },
    consent: {
      type: 'object',
      required: ['text', 'required'],
      properties: { text: { type: 'string' }, required: { type: 'boolean' } },
    },
    submit_label: { type: 'string' },
    success_message: { type: 'string' },
  },
})

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
    'form_definition',
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
    form_definition: { anyOf: [FormDefinition, { type: 'null' }] },
    created_by: { type: ['string', 'null'], format: 'uuid' },
    last_used_at: nullableTimestamp,
    revoked_at: nullableTimestamp,
    created_at: timestamp,
    updated_at: timestamp,
  },
})

/** Schemas of the embed routes (keys, key info, form definitions). */
export const embedSchemas = {
  FormDefinition,
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
