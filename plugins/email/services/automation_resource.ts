import { column, defineResource } from '#sdk'

/** What starts an automation. */
export const TRIGGER_TYPES = [
  'lead_created',
  'lead_score_threshold',
  'form_submitted',
  'tag_added',
  'date',
] as const
/** A trigger type. */
export type TriggerType = (typeof TRIGGER_TYPES)[number]

/** What an automation's steps can do. */
export const STEP_TYPES = ['wait', 'send_template', 'branch_clicked', 'add_tag'] as const

/** One step of an automation (`action_config.steps[i]`), as validated. */
export interface AutomationStep {
  type: (typeof STEP_TYPES)[number]
  duration_seconds?: number
  until?: string
  template_id?: string
  subject?: string
  step?: number
  within_seconds?: number
  if_clicked?: number | null
  if_not_clicked?: number | null
  tag?: string
}

/** The conditions of a trigger (`trigger_conditions`), as validated. */
export interface TriggerConditions {
  tag?: string
  threshold?: number
  source?: string
  at?: string
  segment_id?: string
}

const stepSchema = {
  type: 'object',
  required: ['type'],
  properties: {
    type: { type: 'string', enum: [...STEP_TYPES] },
    duration_seconds: { type: 'integer' },
    until: { type: 'string', format: 'date-time' },
    template_id: { type: 'string', format: 'uuid' },
    subject: { type: 'string' },
    step: { type: 'integer' },
    within_seconds: { type: 'integer' },
    if_clicked: { type: ['integer', 'null'] },
    if_not_clicked: { type: ['integer', 'null'] },
    tag: { type: 'string' },
  },
}

/** An automation rule (table `email_automation_rules`): a trigger and a sequence of steps. */
export const automationResource = defineResource({
  name: 'EmailAutomation',
  table: 'email_automation_rules',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid().required(),
    created_by: column.uuid().nullable(),
    rule_name: column.text().required(),
    trigger_type: column.enum(TRIGGER_TYPES).required(),
    trigger_conditions: column
      .jsonb<TriggerConditions>()
      .required()
      .schema({
        type: 'object',
        properties: {
          tag: { type: 'string' },
          threshold: { type: 'integer' },
          source: { type: 'string' },
          at: { type: 'string', format: 'date-time' },
          segment_id: { type: 'string', format: 'uuid' },
        },
      }),
    action_type: column.enum(['sequence'] as const).required(),
    action_config: column
      .jsonb<{ steps: AutomationStep[] }>()
      .required()
      .schema({
        type: 'object',
        required: ['steps'],
        properties: { steps: { type: 'array', items: stepSchema } },
      }),
    is_active: column.boolean().required(),
    created_at: column.timestamp().required(),
    updated_at: column.timestamp().required(),
  },
})
/** An automation rule row. */
export type AutomationRow = typeof automationResource.$row

/** Statuses of an enrollment. */
export const ENROLLMENT_STATUSES = ['active', 'completed', 'exited', 'failed'] as const

/** A contact's way through an automation (table `email_automation_enrollments`). */
export const enrollmentResource = defineResource({
  name: 'EmailAutomationEnrollment',
  table: 'email_automation_enrollments',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid().required(),
    rule_id: column.uuid().required(),
    contact_id: column.uuid().required(),
    trigger_key: column.text().required(),
    status: column.enum(ENROLLMENT_STATUSES).required(),
    current_step: column.integer().required(),
    next_run_at: column.timestamp().nullable(),
    exit_reason: column.text().nullable(),
    completed_at: column.timestamp().nullable(),
    created_at: column.timestamp().required(),
    updated_at: column.timestamp().required(),
  },
})
/** An enrollment row. */
export type EnrollmentRow = typeof enrollmentResource.$row
