import vine from '@vinejs/vine'
import { pageQuery } from '#sdk'
import { calendarDay } from './field_rules.js'

/** Most rows one ingestion request may carry (keeps the body under the 1 MB JSON limit). */
export const MAX_METRIC_ROWS = 5000

const metricType = () => vine.string().regex(/^[a-z][a-z0-9_]{0,63}$/)

/** Body of POST /v1/campaigns/:id/metrics: daily values, upserted per type and day. */
export const ingestMetricsValidator = vine.create({
  metrics: vine
    .array(
      vine.object({
        metric_type: metricType(),
        metric_value: vine.number().min(0).max(1e15),
        metric_date: calendarDay(),
      })
    )
    .minLength(1)
    .maxLength(MAX_METRIC_ROWS),
})

/** Query of GET /v1/campaigns/:id/metrics. */
export const listMetricsValidator = vine.create({
  ...pageQuery,
  metric_type: metricType().optional(),
  from: calendarDay().optional(),
  to: calendarDay().optional(),
})

/** Query of GET /v1/campaigns/:id/summary: an inclusive range of days (both optional). */
export const summaryQueryValidator = vine.create({
  from: calendarDay().optional(),
  to: calendarDay().optional(),
})
