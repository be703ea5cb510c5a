import vine from '@vinejs/vine'
import { isoTimestamp, pageQuery } from '#sdk'

/** The seed's content types of a calendar entry. */
export const CONTENT_TYPES = [
  'blog',
  'video',
  'infographic',
  'social',
  'email',
  'podcast',
  'webinar',
  'ad',
  'landing_page',
  'other',
] as const

/** The statuses of a calendar entry (see ENTRY_TRANSITIONS). */
export const ENTRY_STATUSES = ['draft', 'scheduled', 'published', 'archived'] as const

const jsonObject = () =>
  vine
    .object({})
    .allowUnknownProperties()
    .use(
      vine.createRule((value, _options, field) => {
        if (JSON.stringify(value).length > 100_000) {
          field.report('The {{ field }} field is larger than 100 kB', 'max_size', field)
        }
      })()
    )

const entryFields = {
  title: vine.string().trim().minLength(1).maxLength(300),
  description: vine.string().trim().maxLength(10_000).nullable().optional(),
  content_type: vine.enum(CONTENT_TYPES),
  platform: vine.string().trim().maxLength(100).nullable().optional(),
  scheduled_date: isoTimestamp(),
  campaign_id: vine.string().uuid().nullable().optional(),
  assigned_to: vine.string().uuid().nullable().optional(),
  recurrence_rule: vine.string().trim().maxLength(500).nullable().optional(),
  time_zone: vine.string().trim().maxLength(64).optional(),
  content_data: jsonObject().optional(),
  metadata: jsonObject().optional(),
}

/** Body of POST /v1/content/calendar/entries (a draft, or `scheduled` at once). */
export const createEntryValidator = vine.create({
  ...entryFields,
  status: vine.enum(['draft', 'scheduled'] as const).optional(),
})

/** Body of PATCH /v1/content/calendar/entries/:id (the status has its own route). */
export const updateEntryValidator = vine.create({
  title: entryFields.title.optional(),
  description: entryFields.description,
  content_type: vine.enum(CONTENT_TYPES).optional(),
  platform: entryFields.platform,
  scheduled_date: isoTimestamp().optional(),
  campaign_id: entryFields.campaign_id,
  assigned_to: entryFields.assigned_to,
  recurrence_rule: entryFields.recurrence_rule,
  time_zone: entryFields.time_zone,
  content_data: jsonObject().optional(),
  metadata: jsonObject().optional(),
})

/** Body of POST /v1/content/calendar/entries/:id/status. */
export const transitionValidator = vine.create({
  status: vine.enum(ENTRY_STATUSES),
})

/** Query of GET /v1/content/calendar/entries: a page, with filters. */
export const listEntriesValidator = vine.create({
  ...pageQuery,
  status: vine.enum(ENTRY_STATUSES).optional(),
  campaign_id: vine.string().uuid().optional(),
  generation_id: vine.string().uuid().optional(),
})

/**
 * Query of GET /v1/content/calendar: a range as `from`/`to`, a `month`
 * (`2026-03`) or an ISO `week` (`2026-W10`), with recurrences expanded.
 */
export const rangeValidator = vine.create({
  from: isoTimestamp().optional(),
  to: isoTimestamp().optional(),
  month: vine
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional(),
  week: vine
    .string()
    .regex(/^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/)
    .optional(),
  time_zone: vine.string().trim().maxLength(64).optional(),
  status: vine.enum(ENTRY_STATUSES).optional(),
})

/** Body of POST /v1/content/calendar/feeds. */
export const createFeedValidator = vine.create({
  name: vine.string().trim().minLength(1).maxLength(200).optional(),
})

/** Body of POST /v1/content/calendar/generate: a month of drafts from a brief. */
export const generateMonthValidator = vine.create({
  month: vine.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
  brief: vine.string().trim().minLength(3).maxLength(2000),
  posts_per_week: vine.number().withoutDecimals().range([1, 7]).optional(),
  campaign_id: vine.string().uuid().optional(),
  time_zone: vine.string().trim().maxLength(64).optional(),
})
