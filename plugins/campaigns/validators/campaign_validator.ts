import vine from '@vinejs/vine'
import { pageQuery } from '#sdk'
import { isoDateTime, queryBoolean } from './field_rules.js'

/** Campaign types of the seed (enum campaign_type). */
export const CAMPAIGN_TYPES = [
  'lead_generation',
  'brand_awareness',
  'product_launch',
  'email',
  'social_media',
  'custom',
] as const

/** Campaign statuses of the seed (enum campaign_status). */
export const CAMPAIGN_STATUSES = ['draft', 'active', 'paused', 'completed'] as const

const money = () => vine.number().min(0).max(1e12)
const jsonObject = () => vine.record(vine.any())

/** Fields a client may set on a campaign (create and update share them). */
const campaignFields = {
  description: vine.string().trim().maxLength(5000).nullable().optional(),
  type: vine.enum(CAMPAIGN_TYPES).optional(),
  channel: vine.string().trim().minLength(1).maxLength(64).nullable().optional(),
  total_budget: money().optional(),
  budget_allocated: money().optional(),
  budget_spent: money().optional(),
  start_date: isoDateTime().nullable().optional(),
  end_date: isoDateTime().nullable().optional(),
  primary_objective: vine.string().trim().maxLength(1000).nullable().optional(),
  target_audience: vine.string().trim().maxLength(2000).nullable().optional(),
  channels: vine.array(vine.string().trim().minLength(1).maxLength(64)).maxLength(50).optional(),
  demographics: jsonObject().optional(),
  kpi_targets: jsonObject().optional(),
  content: jsonObject().optional(),
  settings: jsonObject().optional(),
  metrics: jsonObject().optional(),
  auto_managed: vine.boolean().optional(),
  metadata: jsonObject().optional(),
  /** Lets budget_spent exceed total_budget (an explicit, audited decision). */
  allow_overspend: vine.boolean().optional(),
}

/** Body of POST /v1/campaigns. A campaign starts as a draft or directly active. */
export const createCampaignValidator = vine.create({
  name: vine.string().trim().minLength(1).maxLength(200),
  status: vine.enum(['draft', 'active'] as const).optional(),
  ...campaignFields,
})

/** Body of PATCH /v1/campaigns/:id; `status` moves the campaign through its lifecycle. */
export const updateCampaignValidator = vine.create({
  name: vine.string().trim().minLength(1).maxLength(200).optional(),
  status: vine.enum(CAMPAIGN_STATUSES).optional(),
  ...campaignFields,
})

/** Query of GET /v1/campaigns: filters, name search and the page. */
export const listCampaignsValidator = vine.create({
  ...pageQuery,
  status: vine.enum(CAMPAIGN_STATUSES).optional(),
  type: vine.enum(CAMPAIGN_TYPES).optional(),
  channel: vine.string().trim().minLength(1).maxLength(64).optional(),
  auto_managed: queryBoolean().optional(),
  /** Campaigns running at some time on or after this instant (end_date null or ≥ from). */
  from: isoDateTime().optional(),
  /** Campaigns running at some time on or before this instant (start_date null or ≤ to). */
  to: isoDateTime().optional(),
  q: vine.string().trim().minLength(1).maxLength(200).optional(),
})
