import { Problem, enqueue, tenant, type FieldError } from '#sdk'
import type { AutomationStep, TriggerConditions, TriggerType } from './automation_resource.js'

/** A rule's definition as checked before it is stored. */
export interface AutomationDefinition {
  trigger_type: TriggerType
  trigger_conditions: TriggerConditions
  steps: AutomationStep[]
}

/**
 * The rules VineJS cannot express alone: which conditions each trigger needs,
 * which fields each step needs, branches that point forward to a send step,
 * and templates and segments that exist in this workspace. Throws a 422 with
 * every invalid field.
 */
export async function checkAutomation(definition: AutomationDefinition) {
  const errors: FieldError[] = []
  const fail = (field: string, message: string, rule = 'invalid') =>
    errors.push({ field, message, rule })
  const { trigger_type: type, trigger_conditions: when, steps } = definition
  const required: Record<TriggerType, Array<keyof TriggerConditions>> = {
    tag_added: ['tag'],
    lead_score_threshold: ['threshold'],
    lead_created: [],
    form_submitted: [],
    date: ['at', 'segment_id'],
  }
  for (const key of required[type])
    if (when[key] === undefined)
      fail(`trigger_conditions.${key}`, `A ${type} trigger needs ${key}`, 'required')
  const allowed = new Set<string>(
    [
      ...required[type],
      type === 'lead_created' || type === 'form_submitted' ? 'source' : '',
    ].filter(Boolean)
  )
  for (const key of Object.keys(when))
    if (!allowed.has(key))
      fail(`trigger_conditions.${key}`, `A ${type} trigger takes no ${key}`, 'notAllowed')

  const needs: Record<AutomationStep['type'], string[]> = {
    wait: [],
    send_template: ['template_id'],
    branch_clicked: ['step', 'within_seconds'],
    add_tag: ['tag'],
  }
  const takes: Record<AutomationStep['type'], string[]> = {
    wait: ['duration_seconds', 'until'],
    send_template: ['template_id', 'subject'],
    branch_clicked: ['step', 'within_seconds', 'if_clicked', 'if_not_clicked'],
    add_tag: ['tag'],
  }
  steps.forEach((step, index) => {
    const at = (field: string) => `action_config.steps.${index}.${field}`
    for (const field of needs[step.type])
      if ((step as unknown as Record<string, unknown>)[field] === undefined)
        fail(at(field), `A ${step.type} step needs ${field}`, 'required')
    for (const field of Object.keys(step))
      if (field !== 'type' && !takes[step.type].includes(field))
        fail(at(field), `A ${step.type} step takes no ${field}`, 'notAllowed')
    if (
      step.type === 'wait' &&
      (step.duration_seconds === undefined) === (step.until === undefined)
    )
      fail(at('duration_seconds'), 'A wait step needs duration_seconds or until (one of them)')
    if (step.type === 'branch_clicked') {
      if (
        step.step !== undefined &&
        (step.step >= index || steps[step.step]?.type !== 'send_template')
      )
        fail(at('step'), 'step must be the index of an earlier send_template step')
      for (const field of ['if_clicked', 'if_not_clicked'] as const) {
        const target = step[field]
        if (typeof target === 'number' && (target <= index || target > steps.length))
          fail(at(field), `${field} must be a later step (or null: the end)`)
      }
    }
  })

  const { trx } = tenant()
  const templateIds = [...new Set(steps.map((step) => step.template_id).filter(Boolean))]
  if (templateIds.length) {
    const rows = await trx
      .from('email_templates')
      .select('id')
      .whereIn('id', templateIds as string[])
    const found = new Set(rows.map((row: { id: string }) => row.id))
    steps.forEach((step, index) => {
      if (step.template_id && !found.has(step.template_id))
        fail(`action_config.steps.${index}.template_id`, 'No such template', 'exists')
    })
  }
  if (when.segment_id) {
    const segment = await trx
      .from('email_segments')
      .select('id')
      .where('id', when.segment_id)
      .first()
    if (!segment) fail('trigger_conditions.segment_id', 'No such segment', 'exists')
  }
  if (errors.length) {
    throw new Problem(422, 'validation-error', 'Validation failed', errors[0].message, { errors })
  }
}

/**
 * Enrolls contacts in a rule (idempotent: one enrollment per rule, contact
 * and trigger key, and one active per rule and contact) and enqueues the
 * first step of each new enrollment, keyed by enrollment. Contacts that are
 * not subscribed, or suppressed, are not enrolled. Returns how many were.
 */
export async function enroll(
  ruleId: string,
  entries: Array<{ contactId: string; triggerKey: string }>
): Promise<number> {
  if (entries.length === 0) return 0
  const { trx, workspaceId } = tenant()
  const result = await trx.rawQuery(
    `insert into email_automation_enrollments (workspace_id, rule_id, contact_id, trigger_key, next_run_at)
     select ?, ?, c.id, e.trigger_key, now()
     from jsonb_to_recordset(?::jsonb) as e (contact_id uuid, trigger_key text)
     join email_contacts c on c.id = e.contact_id
     where c.subscription_status = 'subscribed'
       -- Checked again here: a tick that began before a pause enrolls nobody after it.
       and exists (select 1 from email_automation_rules r where r.id = ? and r.is_active)
       and not exists (
         select 1 from email_suppressions x where x.workspace_id = c.workspace_id and lower(x.email) = lower(c.email)
       )
     on conflict do nothing
     returning id`,
    [
      workspaceId!,
      ruleId,
      JSON.stringify(
        entries.map((entry) => ({ contact_id: entry.contactId, trigger_key: entry.triggerKey }))
      ),
      ruleId,
    ]
  )
  for (const row of result.rows as Array<{ id: string }>) await enqueueStep(row.id)
  return result.rows.length
}

/** Job key of an enrollment's step job: one queued step per enrollment. */
export const stepJobKey = (enrollmentId: string) => `email-automation:${enrollmentId}`

/** Enqueues the step job of an enrollment (at `runAt`, replacing a queued one). */
export async function enqueueStep(enrollmentId: string, runAt?: Date) {
  await enqueue(
    'email/automation_step',
    { enrollment_id: enrollmentId },
    { jobKey: stepJobKey(enrollmentId), runAt, maxAttempts: 10 }
  )
}
