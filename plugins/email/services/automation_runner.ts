import { deliverMail, emitEvent, isPermanentMailError, rawQuery, tenant, withTenant } from '#sdk'
import type { jobTenantIdentity } from '#sdk'
import { workspaceSender } from '#modules/mail/services/index'
import type { AutomationStep } from './automation_resource.js'
import { enqueueStep } from './automation_service.js'
import { contactEvent } from './contact_service.js'
import { claimAutomationSend, markRefused, markSent, reclaimAutomationSend } from './send_ledger.js'
import emailConfig from '../email_config.js'
import { htmlTemplateToText } from './template_service.js'
import { ledgerMessage, type MessageSource } from './message_builder.js'
import { normalizeTags } from './contact_resource.js'

interface Enrollment {
  id: string
  rule_id: string
  contact_id: string
  status: string
  current_step: number
  next_run_at: Date | null
  is_active: boolean
  steps: AutomationStep[]
}

interface Contact {
  id: string
  email: string
  name: string | null
  company: string | null
  metadata: Record<string, unknown>
  tags: string[]
  subscription_status: string
  suppressed: boolean
}

/** A message the first phase claimed, to be delivered outside any transaction. */
interface PendingSend {
  stepRunId: string
  sendId: string
  contact: Contact
  source: MessageSource
}

/** The enrollment (locked: duplicated jobs of one enrollment take turns) with its rule's steps. */
async function lockEnrollment(enrollmentId: string): Promise<Enrollment | null> {
  const result = await rawQuery(
    tenant().trx,
    `select e.id, e.rule_id, e.contact_id, e.status, e.current_step, e.next_run_at,
       r.is_active, r.action_config -> 'steps' as steps
     from email_automation_enrollments e
     join email_automation_rules r on r.workspace_id = e.workspace_id and r.id = e.rule_id
     where e.id = ?
     for update of e`,
    [enrollmentId]
  )
  return result.rows[0] ?? null
}

async function loadContact(contactId: string): Promise<Contact> {
  const result = await rawQuery(
    tenant().trx,
    `select c.id, c.email, c.name, c.company, c.metadata, c.tags, c.subscription_status,
       exists (select 1 from email_suppressions x
               where x.workspace_id = c.workspace_id and lower(x.email) = lower(c.email)) as suppressed
     from email_contacts c where c.id = ?`,
    [contactId]
  )
  return result.rows[0]
}

/** Claims a step: inserts its run row, or returns null when the step has run already. */
async function claimStep(
  enrollment: Enrollment,
  step: AutomationStep,
  outcome: string,
  details: Record<string, unknown> = {},
  done = true
): Promise<string | null> {
  const { trx, workspaceId } = tenant()
  const result = await rawQuery(
    trx,
    `insert into email_automation_step_runs (workspace_id, enrollment_id, step_index, step_type,
       outcome, details, completed_at)
     values (?, ?, ?, ?, ?, ?::jsonb, case when ? then now() end)
     on conflict (enrollment_id, step_index) do nothing
     returning id`,
    [
      workspaceId!,
      enrollment.id,
      enrollment.current_step,
      step.type,
      outcome,
      JSON.stringify(details),
      done,
    ]
  )
  return result.rows[0]?.id ?? null
}

/** Moves an enrollment to `next` (due at `runAt`), or completes it past the last step. */
async function advance(enrollment: Enrollment, next: number, runAt: Date = new Date()) {
  const { trx } = tenant()
  if (next >= enrollment.steps.length) {
    await rawQuery(
      trx,
      `update email_automation_enrollments set status = 'completed', current_step = ?,
         next_run_at = null, completed_at = now() where id = ?`,
      [next, enrollment.id]
    )
    await emitEvent('email_automation.completed', {
      automation_id: enrollment.rule_id,
      enrollment_id: enrollment.id,
      contact_id: enrollment.contact_id,
    })
    return
  }
  await rawQuery(
    trx,
    `update email_automation_enrollments set current_step = ?, next_run_at = ? where id = ?`,
    [next, runAt, enrollment.id]
  )
  await enqueueStep(enrollment.id, runAt)
}

/** Ends an enrollment early (the contact unsubscribed, bounced, or was suppressed). */
async function exit(enrollment: Enrollment, status: 'exited' | 'failed', reason: string) {
  await rawQuery(
    tenant().trx,
    `update email_automation_enrollments set status = ?, exit_reason = ?, next_run_at = null,
       completed_at = now() where id = ?`,
    [status, reason.slice(0, 500), enrollment.id]
  )
}

/** The ledger row of an earlier send step of this enrollment (null: not sent). */
async function sendOfStep(enrollmentId: string, stepIndex: number) {
  const result = await rawQuery(
    tenant().trx,
    `select s.id, s.status, s.sent_at, r.id as step_run_id, s.claimed_job::text as claimed_job,
       s.sending_at < now() - make_interval(secs => ?) as abandoned
     from email_automation_step_runs r
     left join email_sends s on s.automation_step_run_id = r.id
     where r.enrollment_id = ? and r.step_index = ?`,
    [emailConfig.claimTimeoutSeconds, enrollmentId, stepIndex]
  )
  return (result.rows[0] ?? null) as {
    id: string | null
    status: string | null
    sent_at: Date | null
    step_run_id: string
    claimed_job: string | null
    abandoned: boolean | null
  } | null
}

/** Whether a person (not a scanner or a prefetch) clicked a link of a message by `until`. */
async function humanClick(sendId: string, until: Date): Promise<boolean> {
  const result = await rawQuery(
    tenant().trx,
    `select exists (select 1 from email_events where send_id = ? and event_type = 'clicked'
       and not is_machine and occurred_at <= ?) as clicked`,
    [sendId, until]
  )
  return result.rows[0].clicked
}

/** The message source of a send step: template, subject, sender (null: template gone). */
async function messageSource(step: AutomationStep): Promise<MessageSource | null> {
  const { trx, workspaceId } = tenant()
  const template = await trx
    .from('email_templates')
    .select('subject_line', 'html_content', 'plain_text')
    .where('id', step.template_id!)
    .first()
  if (!template) return null
  template.plain_text ??= htmlTemplateToText(template.html_content)
  return {
    workspaceId: workspaceId!,
    subjectOverride: step.subject ?? null,
    tracking: true,
    template,
    sender: await workspaceSender(),
  }
}

/**
 * First phase of a step, in one transaction: runs a wait, a branch or a tag
 * step whole (its run row, its effect and the move to the next step commit
 * together), or claims a send step and its ledger row and returns the
 * message to deliver. A step whose run row exists never runs again; a send
 * whose ledger row is still `sending` (the job died after claiming it) is
 * delivered again with the same Message-ID.
 */
async function prepareStep(enrollmentId: string, jobId: string): Promise<PendingSend | null> {
  const enrollment = await lockEnrollment(enrollmentId)
  if (!enrollment || enrollment.status !== 'active' || !enrollment.is_active) return null
  if (enrollment.next_run_at && enrollment.next_run_at.getTime() > Date.now() + 50) {
    // Early (a duplicated job): come back when the step is due.
    await enqueueStep(enrollment.id, enrollment.next_run_at)
    return null
  }
  const step = enrollment.steps[enrollment.current_step]
  if (!step) {
    await advance(enrollment, enrollment.current_step)
    return null
  }
  const next = enrollment.current_step + 1
  switch (step.type) {
    case 'wait': {
      const until = step.until
        ? new Date(step.until)
        : new Date(Date.now() + step.duration_seconds! * 1000)
      if (!(await claimStep(enrollment, step, 'waiting', { until: until.toISOString() })))
        return null
      await advance(enrollment, next, until)
      return null
    }
    case 'add_tag': {
      const contact = await loadContact(enrollment.contact_id)
      const tag = normalizeTags([step.tag!])[0]
      const added = !contact.tags.includes(tag)
      if (!(await claimStep(enrollment, step, 'tagged', { tag, added }))) return null
      if (added) {
        const tags = normalizeTags([...contact.tags, tag])
        await rawQuery(tenant().trx, `update email_contacts set tags = ?::text[] where id = ?`, [
          tags,
          contact.id,
        ])
        await emitEvent('email_contact.tagged', {
          ...contactEvent({
            ...contact,
            subscription_status: contact.subscription_status as any,
            tags,
          }),
          added: [tag],
        })
      }
      await advance(enrollment, next)
      return null
    }
    case 'branch_clicked': {
      const send = await sendOfStep(enrollment.id, step.step!)
      const windowEnd = send?.sent_at
        ? new Date(send.sent_at.getTime() + step.within_seconds! * 1000)
        : null
      const clicked = send?.id && windowEnd ? await humanClick(send.id, windowEnd) : false
      if (!clicked && windowEnd && windowEnd.getTime() > Date.now()) {
        // The window is still open: decide when it closes.
        await rawQuery(
          tenant().trx,
          `update email_automation_enrollments set next_run_at = ? where id = ?`,
          [windowEnd, enrollment.id]
        )
        await enqueueStep(enrollment.id, windowEnd)
        return null
      }
      const target = clicked ? step.if_clicked : step.if_not_clicked
      const to = target === undefined ? next : target === null ? enrollment.steps.length : target
      if (!(await claimStep(enrollment, step, clicked ? 'clicked' : 'not_clicked', { next: to })))
        return null
      await advance(enrollment, to)
      return null
    }
    case 'send_template': {
      const contact = await loadContact(enrollment.contact_id)
      const earlier = await sendOfStep(enrollment.id, enrollment.current_step)
      if (earlier) {
        // The step was claimed by a job that died before it finished.
        if (earlier.status !== 'sending' || !earlier.id) {
          if (earlier.status === 'sent') await advance(enrollment, next)
          return null
        }
        if (earlier.claimed_job !== jobId && !earlier.abandoned) {
          // Another job holds the message: look again once its claim could have lapsed.
          await enqueueStep(
            enrollment.id,
            new Date(Date.now() + (emailConfig.claimTimeoutSeconds + 1) * 1000)
          )
          return null
        }
        const source = await messageSource(step)
        if (!source) return null
        await reclaimAutomationSend(earlier.id, jobId)
        return { stepRunId: earlier.step_run_id, sendId: earlier.id, contact, source }
      }
      if (contact.subscription_status !== 'subscribed' || contact.suppressed) {
        await claimStep(enrollment, step, 'skipped', { reason: 'unsubscribed or suppressed' })
        await exit(enrollment, 'exited', 'unsubscribed or suppressed')
        return null
      }
      const source = await messageSource(step)
      if (!source) {
        await claimStep(enrollment, step, 'failed', { reason: 'template deleted' })
        await exit(enrollment, 'failed', 'template deleted')
        return null
      }
      const stepRunId = await claimStep(enrollment, step, 'sending', {}, false)
      if (!stepRunId) return null
      const send = await claimAutomationSend(stepRunId, contact.id, contact.email, jobId)
      return { stepRunId, sendId: send.id, contact, source }
    }
  }
}

/** Records a delivered (or refused) message and moves the enrollment on. */
async function finishSend(enrollmentId: string, pending: PendingSend, result: SendResult) {
  const enrollment = await lockEnrollment(enrollmentId)
  if (!enrollment) return
  const { trx } = tenant()
  if (result.messageId) {
    await markSent(pending.sendId, result.messageId)
    await rawQuery(
      trx,
      `update email_automation_step_runs set outcome = 'sent', completed_at = now() where id = ?`,
      [pending.stepRunId]
    )
    if (enrollment.status === 'active') await advance(enrollment, enrollment.current_step + 1)
    return
  }
  await markRefused(
    { id: pending.sendId, contact_id: pending.contact.id, email: pending.contact.email },
    null,
    result.error!
  )
  await rawQuery(
    trx,
    `update email_automation_step_runs set outcome = 'failed', completed_at = now(),
       details = details || jsonb_build_object('error', ?::text) where id = ?`,
    [result.error!.slice(0, 500), pending.stepRunId]
  )
  if (enrollment.status === 'active') await exit(enrollment, 'exited', 'bounced')
}

interface SendResult {
  messageId?: string
  error?: string
}

/**
 * Runs the due step of an enrollment (the `email/automation_step` job). The
 * SMTP exchange happens between two short transactions, never inside one.
 * A relay failure that is not a refusal throws: the job retries and the
 * claimed message is delivered again with the same Message-ID.
 */
export async function runAutomationStep(
  identity: ReturnType<typeof jobTenantIdentity>,
  enrollmentId: string,
  jobId: string
) {
  const pending = await withTenant(identity, () => prepareStep(enrollmentId, jobId))
  if (!pending) return
  const message = await ledgerMessage({ ...pending.contact, id: pending.sendId }, pending.source)
  let result: SendResult
  try {
    const delivery = await deliverMail(message, {
      dkim: pending.source.sender.dkim,
      workspaceId: pending.source.workspaceId,
    })
    result = { messageId: delivery.messageId }
  } catch (error) {
    if (!isPermanentMailError(error)) throw error
    result = { error: (error as Error).message }
  }
  await withTenant(identity, () => finishSend(enrollmentId, pending, result))
}

/** Marks an enrollment failed after its step job used up its attempts. */
export async function failEnrollment(enrollmentId: string, reason: string) {
  await rawQuery(
    tenant().trx,
    `update email_automation_enrollments set status = 'failed', exit_reason = ?, next_run_at = null,
       completed_at = now() where id = ? and status = 'active'`,
    [reason.slice(0, 500), enrollmentId]
  )
}
