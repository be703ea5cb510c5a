import vine from '@vinejs/vine'
import { defineSchema, pageOf, isoTimestamp } from '#sdk'
import {
  EVENT_TYPE_PATTERN,
  MAX_EVENTS_PER_BATCH,
} from '../validators/analytics_event_validator.js'
import { analyticsEventResource } from '../services/analytics_event_resource.js'

const uuid = { type: 'string', format: 'uuid' }
const fieldError = {
  type: 'object',
  required: ['field', 'message', 'rule'],
  properties: {
    field: { type: 'string' },
    message: { type: 'string' },
    rule: { type: 'string' },
  },
}

/** A stored analytics event. */
const AnalyticsEvent = analyticsEventResource.schema

/**
 * The documented request body of the ingestion route: what a valid batch looks
 * like. At runtime the envelope is checked first and each item on its own.
 */
export const ingestEventsDocumentation = vine.create({
  events: vine
    .array(
      vine.object({
        event_type: vine.string().regex(EVENT_TYPE_PATTERN),
        event_data: vine.record(vine.any()).optional(),
        created_at: isoTimestamp().optional(),
      })
    )
    .minLength(1)
    .maxLength(MAX_EVENTS_PER_BATCH),
})

/** OpenAPI schemas of the analytics events routes. */
export const analyticsEventSchemas = {
  AnalyticsEvent,
  eventPage: pageOf('AnalyticsEventPage', AnalyticsEvent),
  ingestResult: defineSchema('AnalyticsIngestResult', {
    type: 'object',
    required: ['accepted_count', 'rejected_count', 'accepted', 'rejected'],
    properties: {
      accepted_count: { type: 'integer' },
      rejected_count: { type: 'integer' },
      accepted: {
        type: 'array',
        items: {
          type: 'object',
          required: ['index', 'id'],
          properties: { index: { type: 'integer' }, id: uuid },
        },
      },
      rejected: {
        type: 'array',
        items: {
          type: 'object',
          required: ['index', 'errors'],
          properties: {
            index: { type: 'integer', description: 'Position of the event in the request' },
            errors: { type: 'array', items: fieldError },
          },
        },
      },
    },
  }),
}
