import { defineSchema, pageOf } from '#sdk'
import { webhookResource } from '../services/webhook_resource.js'

const uuid = { type: 'string', format: 'uuid' }
const timestamp = { type: 'string', format: 'date-time' }
const nullableTimestamp = { type: ['string', 'null'], format: 'date-time' }
const nullableInteger = { type: ['integer', 'null'] }

const webhook = webhookResource.schema

const attempt = defineSchema('WebhookDeliveryAttempt', {
  type: 'object',
  required: ['attempt_number', 'succeeded', 'status_code', 'duration_ms', 'created_at'],
  properties: {
    attempt_number: { type: 'integer' },
    succeeded: { type: 'boolean' },
    status_code: nullableInteger,
    duration_ms: { type: 'integer' },
    error: { type: ['string', 'null'] },
    response_excerpt: {
      type: ['string', 'null'],
      description: 'First characters of the response body',
    },
    created_at: timestamp,
  },
})

const delivery = defineSchema('WebhookDelivery', {
  type: 'object',
  required: [
    'id',
    'webhook_id',
    'event_id',
    'event_type',
    'status',
    'attempts',
    'attempt_log',
    'created_at',
  ],
  properties: {
    id: uuid,
    workspace_id: uuid,
    webhook_id: uuid,
    event_id: { ...uuid, description: 'Also the `webhook-id` header: receivers dedupe on it' },
    event_type: { type: 'string' },
    status: { type: 'string', enum: ['pending', 'succeeded', 'failed', 'cancelled'] },
    attempts: { type: 'integer' },
    next_attempt_at: nullableTimestamp,
    last_status_code: nullableInteger,
    last_error: { type: ['string', 'null'] },
    completed_at: nullableTimestamp,
    redelivery_of: { type: ['string', 'null'], format: 'uuid' },
    created_at: timestamp,
    attempt_log: { type: 'array', items: attempt },
  },
})

/** Response schemas of the webhook routes (OpenAPI components). */
export const webhookSchemas = {
  webhook,
  delivery,
  webhookPage: pageOf('WebhookPage', webhook),
  deliveryPage: pageOf('WebhookDeliveryPage', delivery),
  createdWebhook: defineSchema('CreatedWebhook', {
    type: 'object',
    required: ['webhook', 'secret'],
    properties: {
      webhook,
      secret: {
        type: 'string',
        description:
          'Shown once: the Standard Webhooks signing secret (`whsec_…`) to verify deliveries with',
      },
    },
  }),
  eventTypes: defineSchema('WebhookEventTypes', {
    type: 'object',
    required: ['data'],
    properties: {
      data: {
        type: 'array',
        items: {
          type: 'object',
          required: ['type', 'description', 'source'],
          properties: {
            type: { type: 'string' },
            description: { type: 'string' },
            source: { type: 'string', description: '`core` or the plugin that emits it' },
          },
        },
      },
    },
  }),
}
