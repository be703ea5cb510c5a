import vine from '@vinejs/vine'
import { isoTimestamp } from '#sdk'
import { CONTENT_TYPES } from './calendar_entry_validator.js'

/**
 * Query of GET /v1/embed/content/calendar: the month (`2026-03`) or ISO week
 * (`2026-W10`) the element shows, in the viewer's time zone.
 */
export const embedRangeValidator = vine.create({
  month: vine
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional()
    .requiredIfMissing('week'),
  week: vine
    .string()
    .regex(/^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/)
    .optional(),
  time_zone: vine.string().trim().maxLength(64).optional(),
})

/**
 * Body of POST /v1/embed/content/calendar/entries: what an end user may set
 * from the element (no campaign, assignee or recurrence: those stay in the
 * workspace's own tools).
 */
export const embedCreateEntryValidator = vine.create({
  title: vine.string().trim().minLength(1).maxLength(300),
  description: vine.string().trim().maxLength(10_000).nullable().optional(),
  content_type: vine.enum(CONTENT_TYPES),
  platform: vine.string().trim().maxLength(100).nullable().optional(),
  scheduled_date: isoTimestamp(),
  status: vine.enum(['draft', 'scheduled'] as const).optional(),
})

/**
 * Body of POST /v1/embed/content/calendar/entries/:id/move: the day
 * (`2026-03-12`) the entry moves to in `time_zone` (the viewer's), keeping
 * its wall-clock time there.
 */
export const embedMoveEntryValidator = vine.create({
  date: vine.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/),
  time_zone: vine.string().trim().maxLength(64).optional(),
})
