import vine from '@vinejs/vine'
import { pageQuery } from '#sdk'

/** Body of POST /v1/campaigns/performance-runs: one campaign, or all active ones when omitted. */
export const runMonitorValidator = vine.create({
  campaign_id: vine.string().uuid().optional(),
})

/** Query of the performance list routes. */
export const performanceQueryValidator = vine.create({
  ...pageQuery,
  metric_name: vine.string().maxLength(64).optional(),
})
