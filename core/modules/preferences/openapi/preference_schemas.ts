import { defineSchema, pageOf } from '#sdk'

const uuid = { type: 'string', format: 'uuid' }
const nullableTimestamp = { type: ['string', 'null'], format: 'date-time' }

const Preference = defineSchema('Preference', {
  type: 'object',
  required: [
    'id',
    'workspace_id',
    'user_id',
    'preference_category',
    'preference_data',
    'interface_mode',
  ],
  properties: {
    id: uuid,
    workspace_id: uuid,
    user_id: uuid,
    preference_category: { type: 'string' },
    preference_data: { type: ['object', 'null'] },
    interface_mode: { type: ['string', 'null'], enum: ['simple', 'advanced', null] },
    created_at: nullableTimestamp,
    updated_at: nullableTimestamp,
  },
})

/** Response schemas of the preferences routes (OpenAPI components). */
export const preferenceSchemas = {
  Preference,
  preferencePage: pageOf('PreferencePage', Preference),
}
