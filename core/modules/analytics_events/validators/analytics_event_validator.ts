import vine from '@vinejs/vine'
import { pageQuery, isoTimestamp } from '#sdk'

/** Most events one ingestion request may carry. */
export const MAX_EVENTS_PER_BATCH = 1000

/** Event types: a letter or digit, then letters, digits and `_ . : / -` (at most 100). */
export const EVENT_TYPE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,99}$/

/**
 * Envelope of POST /v1/analytics/events. Items are checked one by one with
 * `analyticsEventValidator`, so one bad event does not reject the batch.
 */
export const ingestEventsValidator = vine.create({
  events: vine.array(vine.any()).minLength(1).maxLength(MAX_EVENTS_PER_BATCH),
})

/** One event of a batch. `created_at` (when it happened) defaults to the time of ingestion. */
export const analyticsEventValidator = vine.create({
  event_type: vine.string().regex(EVENT_TYPE_PATTERN),
  event_data: vine.record(vine.any()).optional(),
  created_at: isoTimestamp().optional(),
})

/** Query of GET /v1/analytics/events. */
export const eventQueryValidator = vine.create({
  ...pageQuery,
  event_type: vine.string().regex(EVENT_TYPE_PATTERN).optional(),
  /** Admins: only this user's events. */
  user_id: vine.string().uuid().optional(),
  created_after: isoTimestamp().optional(),
  created_before: isoTimestamp().optional(),
})
