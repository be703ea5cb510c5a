import vine from '@vinejs/vine'
import { pageQuery } from '#sdk'
import { PROPOSAL_STATUSES } from '../services/proposal_resource.js'
import { INBOX_PRIORITIES, INBOX_STATUSES } from '../services/inbox_resource.js'

const DATE = /^\d{4}-\d{2}-\d{2}$/

/** A calendar day `YYYY-MM-DD` that exists, kept as a string. */
const realDay = vine.createRule((value, _options, field) => {
  if (typeof value !== 'string') return
  const parsed = new Date(`${value}T00:00:00Z`)
  if (Number.isNaN(parsed.getTime()) || !parsed.toISOString().startsWith(value)) {
    field.report('The {{ field }} field must be a real date', 'date', field)
  }
})
const calendarDay = () => vine.string().regex(DATE).use(realDay())

const channel = () => vine.string().trim().minLength(1).maxLength(64)
const configFields = {
  business_description: vine.string().trim().minLength(1).maxLength(5000),
  target_audience: vine.record(vine.any()),
  monthly_budget: vine.number().min(0).max(1e12),
  goals: vine.array(vine.string().trim().minLength(1).maxLength(300)).maxLength(20),
  channels: vine.array(channel()).maxLength(20).distinct(),
  is_active: vine.boolean(),
  dry_run: vine.boolean(),
}

/** Body of PUT /v1/autopilot/config: the whole configuration (created or replaced). */
export const putConfigValidator = vine.create({
  business_description: configFields.business_description,
  target_audience: configFields.target_audience.optional(),
  monthly_budget: configFields.monthly_budget,
  goals: configFields.goals.optional(),
  channels: configFields.channels.optional(),
  is_active: configFields.is_active.optional(),
  dry_run: configFields.dry_run.optional(),
})

/** Body of PATCH /v1/autopilot/config: any of the fields (`is_active: false` is the kill switch). */
export const patchConfigValidator = vine.create({
  business_description: configFields.business_description.optional(),
  target_audience: configFields.target_audience.optional(),
  monthly_budget: configFields.monthly_budget.optional(),
  goals: configFields.goals.optional(),
  channels: configFields.channels.optional(),
  is_active: configFields.is_active.optional(),
  dry_run: configFields.dry_run.optional(),
})

/** Body of POST /v1/autopilot/runs: the manual triggers. */
export const triggerRunValidator = vine.create({
  kind: vine.enum(['daily', 'weekly'] as const),
  /** Daily: the day to run for (default today, UTC; not in the future). */
  run_date: calendarDay().optional(),
  /** Weekly: the Monday the week starts on (default the last full week). */
  week_start: calendarDay().optional(),
})

/** Query of GET /v1/autopilot/runs. */
export const listRunsValidator = vine.create({
  kind: vine.enum(['daily', 'weekly'] as const).optional(),
  ...pageQuery,
})

/** Query of GET /v1/autopilot/proposals. */
export const listProposalsValidator = vine.create({
  status: vine.enum(PROPOSAL_STATUSES).optional(),
  ...pageQuery,
})

/** Body of POST /v1/autopilot/proposals/:id/approve and …/reject. */
export const decisionValidator = vine.create({
  note: vine.string().trim().maxLength(2000).nullable().optional(),
})

/** Query of GET /v1/autopilot/inbox. */
export const listInboxValidator = vine.create({
  status: vine.enum(INBOX_STATUSES).optional(),
  priority: vine.enum(INBOX_PRIORITIES).optional(),
  ...pageQuery,
})

/** Body of PATCH /v1/autopilot/inbox/:id: move along new → contacted → qualified → converted, or add notes. */
export const updateInboxValidator = vine.create({
  status: vine.enum(INBOX_STATUSES).optional(),
  notes: vine.string().trim().maxLength(5000).nullable().optional(),
})

/** Query of GET /v1/autopilot/activity. */
export const listActivityValidator = vine.create({
  activity_type: vine
    .string()
    .regex(/^[a-z][a-z0-9_]{0,63}$/)
    .optional(),
  ...pageQuery,
})
