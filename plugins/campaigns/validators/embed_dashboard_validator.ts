import vine from '@vinejs/vine'
import { calendarDay } from './field_rules.js'

/** Longest range the dashboard widget may ask for, in days. */
export const MAX_EMBED_RANGE_DAYS = 366

/** Query of GET /v1/embed/campaigns/:id/summary: `days` days ending on `to` (default today). */
export const embedSummaryQueryValidator = vine.create({
  days: vine.number().withoutDecimals().range([1, MAX_EMBED_RANGE_DAYS]).optional(),
  to: calendarDay().optional(),
})
