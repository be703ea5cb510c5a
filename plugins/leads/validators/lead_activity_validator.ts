import vine from '@vinejs/vine'
import { pageQuery } from '#sdk'
import { ISO_DATE } from './lead_validator.js'

/** Body of POST /v1/leads/:id/activities. */
export const createActivityValidator = vine.create({
  activity_type: vine
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]{0,63}$/),
  activity_data: vine.record(vine.any()).optional(),
  occurred_at: vine.string().trim().regex(ISO_DATE).optional(),
})

/** Query of GET /v1/leads/:id/activities. */
export const listActivitiesValidator = vine.create({
  ...pageQuery,
  activity_type: vine
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]{0,63}$/)
    .optional(),
})
