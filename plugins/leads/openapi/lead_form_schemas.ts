import { defineSchema } from '#sdk'

/** A field of an embedded lead form. */
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

/** Form definition served to `<aip-lead-form>` (fields, labels, consent). */
export const formDefinition = defineSchema('EmbedFormDefinition', {
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

/** What the public embed route answers: the key's own form or the default one. */
export const embedLeadForm = defineSchema('EmbedLeadForm', {
  type: 'object',
  required: ['custom', 'definition'],
  properties: { custom: { type: 'boolean' }, definition: formDefinition },
})

/** The lead form of one embed key, as its admins manage it. */
export const leadForm = defineSchema('LeadForm', {
  type: 'object',
  required: ['embed_key_id', 'form_definition', 'updated_at'],
  properties: {
    embed_key_id: { type: 'string', format: 'uuid' },
    form_definition: {
      anyOf: [formDefinition, { type: 'null' }],
      description: "The key's own form; null: the key serves the default lead form",
    },
    updated_at: {
      type: ['string', 'null'],
      format: 'date-time',
      description: 'Last change of the own form; null when there is none',
    },
  },
})
