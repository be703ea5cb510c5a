import vine from '@vinejs/vine'
import { pageQuery } from '#sdk'

/** Lead statuses (seed: new, contacted, qualified, converted, lost). */
export const LEAD_STATUSES = ['new', 'contacted', 'qualified', 'converted', 'lost'] as const

/** Company sizes (seed: startup, small, medium, enterprise). */
export const COMPANY_SIZES = ['startup', 'small', 'medium', 'enterprise'] as const

/** An ISO 8601 date or date-time, as accepted in filters and activity times. */
export const ISO_DATE =
  /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/

/** Same rule as the database CHECK `leads_email_format`. */
export const EMAIL_FORMAT = /^[^@\s]+@[^@\s]+\.[^@\s]+$/

/**
 * The most characters of each plain text field of a lead: the one list read
 * by these validators and by the CSV importer (csv_rows.ts).
 */
export const LEAD_TEXT_MAX = {
  first_name: 200,
  last_name: 200,
  company: 200,
  job_title: 200,
  phone: 50,
  industry: 100,
  source: 100,
} as const

const text = (max: number) => vine.string().trim().maxLength(max).nullable().optional()

const leadFields = {
  first_name: text(LEAD_TEXT_MAX.first_name),
  last_name: text(LEAD_TEXT_MAX.last_name),
  company: text(LEAD_TEXT_MAX.company),
  job_title: text(LEAD_TEXT_MAX.job_title),
  phone: text(LEAD_TEXT_MAX.phone),
  industry: text(LEAD_TEXT_MAX.industry),
  company_size: vine.enum(COMPANY_SIZES).nullable().optional(),
  tags: vine.array(vine.string().trim().minLength(1).maxLength(50)).maxLength(50).optional(),
  custom_fields: vine.record(vine.any()).optional(),
  marketing_consent: vine.boolean().optional(),
  consent_text: text(2000),
}

/** Body of POST /v1/leads. */
export const createLeadValidator = vine.create({
  ...leadFields,
  email: vine.string().trim().maxLength(320).regex(EMAIL_FORMAT).nullable().optional(),
  source: vine.string().trim().minLength(1).maxLength(LEAD_TEXT_MAX.source),
  status: vine.enum(LEAD_STATUSES).optional(),
})

/** Body of PATCH /v1/leads/:id (only the fields sent change; null clears). */
export const updateLeadValidator = vine.create({
  ...leadFields,
  email: vine.string().trim().maxLength(320).regex(EMAIL_FORMAT).nullable().optional(),
  source: vine.string().trim().minLength(1).maxLength(LEAD_TEXT_MAX.source).optional(),
  status: vine.enum(LEAD_STATUSES).optional(),
})

/** Filters shared by the list and the CSV export. */
export const leadFilters = {
  status: vine.enum(LEAD_STATUSES).optional(),
  source: vine.string().trim().minLength(1).maxLength(LEAD_TEXT_MAX.source).optional(),
  score_min: vine.number().withoutDecimals().range([0, 100]).optional(),
  score_max: vine.number().withoutDecimals().range([0, 100]).optional(),
  /** Comma-separated: leads carrying all of these tags. */
  tags: vine.string().trim().minLength(1).maxLength(500).optional(),
  /** Part of the company name, any case. */
  company: vine.string().trim().minLength(1).maxLength(200).optional(),
  created_after: vine.string().trim().regex(ISO_DATE).optional(),
  created_before: vine.string().trim().regex(ISO_DATE).optional(),
  /** Full-text search on name, e-mail and company (word prefixes). */
  q: vine.string().trim().minLength(1).maxLength(200).optional(),
}

/** Query of GET /v1/leads. */
export const listLeadsValidator = vine.create({
  ...pageQuery,
  ...leadFilters,
  sort: vine.enum(['created_at', 'score'] as const).optional(),
})

/** Query of GET /v1/leads/export. */
export const exportLeadsValidator = vine.create(leadFilters)
