import vine from '@vinejs/vine'
import { isoTimestamp, pageQuery } from '#sdk'
import { STEP_TYPES, TRIGGER_TYPES } from '../services/automation_resource.js'

/** Longest wait or click window of a step: one year. */
export const MAX_STEP_SECONDS = 365 * 86_400
/** Most steps in one automation. */
export const MAX_STEPS = 50

const seconds = () => vine.number().withoutDecimals().min(1).max(MAX_STEP_SECONDS)
const stepIndex = () => vine.number().withoutDecimals().min(0).max(MAX_STEPS)

const triggerConditions = () =>
  vine.object({
    /** tag_added: the tag whose addition enrolls the contact. */
    tag: vine.string().trim().minLength(1).maxLength(50).optional(),
    /** lead_score_threshold: enrolls when a score rises from below to at least this. */
    threshold: vine.number().withoutDecimals().min(1).max(1000).optional(),
    /** lead_created / form_submitted: only leads of this source. */
    source: vine.string().trim().minLength(1).maxLength(100).optional(),
    /** date: when the segment's contacts are enrolled (once). */
    at: isoTimestamp().optional(),
    /** date: the segment enrolled. */
    segment_id: vine.string().uuid().optional(),
  })

const actionConfig = () =>
  vine.object({
    steps: vine
      .array(
        vine.object({
          type: vine.enum(STEP_TYPES),
          /** wait: how long. */
          duration_seconds: seconds().optional(),
          /** wait: until when (instead of a duration). */
          until: isoTimestamp().optional(),
          /** send_template: the template sent. */
          template_id: vine.string().uuid().optional(),
          /** send_template: a subject instead of the template's. */
          subject: vine.string().trim().minLength(1).maxLength(998).optional(),
          /** branch_clicked: index of the earlier send_template step whose clicks count. */
          step: stepIndex().optional(),
          /** branch_clicked: how long after that send a click counts (the branch waits that long). */
          within_seconds: seconds().optional(),
          /** branch_clicked: step to go on with when clicked (null: the end; default: the next). */
          if_clicked: stepIndex().nullable().optional(),
          /** branch_clicked: step to go on with when not clicked (null: the end; default: the next). */
          if_not_clicked: stepIndex().nullable().optional(),
          /** add_tag: the tag added. */
          tag: vine.string().trim().minLength(1).maxLength(50).optional(),
        })
      )
      .minLength(1)
      .maxLength(MAX_STEPS),
  })

/** Body of POST /v1/email/automations. */
export const createAutomationValidator = vine.create({
  rule_name: vine.string().trim().minLength(1).maxLength(200),
  trigger_type: vine.enum(TRIGGER_TYPES),
  trigger_conditions: triggerConditions().optional(),
  action_type: vine.enum(['sequence'] as const).optional(),
  action_config: actionConfig(),
  is_active: vine.boolean().optional(),
})

/** Body of PATCH /v1/email/automations/:id. */
export const updateAutomationValidator = vine.create({
  rule_name: vine.string().trim().minLength(1).maxLength(200).optional(),
  trigger_type: vine.enum(TRIGGER_TYPES).optional(),
  trigger_conditions: triggerConditions().optional(),
  action_config: actionConfig().optional(),
  is_active: vine.boolean().optional(),
})

/** Query of GET /v1/email/automations/:id/enrollments. */
export const listEnrollmentsValidator = vine.create({
  ...pageQuery,
  status: vine.enum(['active', 'completed', 'exited', 'failed'] as const).optional(),
})
