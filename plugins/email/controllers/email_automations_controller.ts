import type { HttpContext } from '@adonisjs/core/http'
import {
  NEWEST_FIRST,
  Problem,
  idParam,
  keysetPage,
  pageQueryValidator,
  rawQuery,
  tenant,
} from '#sdk'
import {
  createAutomationValidator,
  listEnrollmentsValidator,
  updateAutomationValidator,
} from '../validators/automation_validator.js'
import {
  automationResource,
  enrollmentResource,
  type AutomationRow,
  type TriggerConditions,
} from '../services/automation_resource.js'
import { checkAutomation, enqueueStep } from '../services/automation_service.js'
import { saveCursor } from '../services/automation_triggers.js'

async function findAutomationOrFail(id: string) {
  const rule = await automationResource.query(tenant().trx).where('id', id).first()
  if (!rule) throw Problem.notFound('Automation')
  return rule as AutomationRow
}

/**
 * Switches a rule on or off. Switching on reads only events from now on
 * (what happened while it was paused does not enroll anyone) and picks up
 * the enrollments whose step came due meanwhile.
 */
async function setActive(rule: AutomationRow, active: boolean) {
  if (rule.is_active === active) return
  const { trx } = tenant()
  await trx.from('email_automation_rules').where('id', rule.id).update({ is_active: active })
  if (!active) return
  // The database's clock (the transaction's start), as the events' created_at.
  await saveCursor(rule.id, { eventsAfter: 'now', since: 'now' })
  const waiting = await rawQuery(
    trx,
    `select id, greatest(next_run_at, now()) as run_at from email_automation_enrollments
     where rule_id = ? and status = 'active'`,
    [rule.id]
  )
  for (const row of waiting.rows as Array<{ id: string; run_at: Date }>)
    await enqueueStep(row.id, row.run_at)
}

/** Automation rules: a trigger and a sequence of steps; their enrollments; pause and resume. */
export default class EmailAutomationsController {
  async index({ request }: HttpContext) {
    const query = await pageQueryValidator.validate(request.qs())
    return keysetPage(automationResource.query(tenant().trx), { ...query, ...NEWEST_FIRST })
  }

  async store({ request, response }: HttpContext) {
    const input = await request.validateUsing(createAutomationValidator)
    const conditions = (input.trigger_conditions ?? {}) as TriggerConditions
    await checkAutomation({
      trigger_type: input.trigger_type,
      trigger_conditions: conditions,
      steps: input.action_config.steps,
    })
    const { trx, workspaceId, userId } = tenant()
    const [row] = await trx
      .insertQuery()
      .table('email_automation_rules')
      .insert({
        workspace_id: workspaceId,
        created_by: userId,
        rule_name: input.rule_name,
        trigger_type: input.trigger_type,
        trigger_conditions: JSON.stringify(conditions),
        action_type: 'sequence',
        action_config: JSON.stringify({ steps: input.action_config.steps }),
        is_active: input.is_active ?? true,
      })
      .returning(['id', 'created_at'])
    // Events written before the rule existed never trigger it.
    await saveCursor(row.id, { eventsAfter: row.created_at, since: row.created_at })
    response.status(201)
    return findAutomationOrFail(row.id)
  }

  async show({ params }: HttpContext) {
    return findAutomationOrFail(idParam(params, 'Automation'))
  }

  async update({ params, request }: HttpContext) {
    const id = idParam(params, 'Automation')
    const input = await request.validateUsing(updateAutomationValidator)
    const rule = await findAutomationOrFail(id)
    const definition = {
      trigger_type: input.trigger_type ?? rule.trigger_type,
      trigger_conditions: (input.trigger_conditions ??
        (input.trigger_type ? {} : rule.trigger_conditions)) as TriggerConditions,
      steps: input.action_config?.steps ?? rule.action_config.steps,
    }
    await checkAutomation(definition)
    const patch: Record<string, unknown> = {}
    if (input.rule_name) patch.rule_name = input.rule_name
    if (input.trigger_type || input.trigger_conditions) {
      patch.trigger_type = definition.trigger_type
      patch.trigger_conditions = JSON.stringify(definition.trigger_conditions)
    }
    if (input.action_config) patch.action_config = JSON.stringify({ steps: definition.steps })
    if (Object.keys(patch).length)
      await tenant().trx.from('email_automation_rules').where('id', id).update(patch)
    if (input.is_active !== undefined) await setActive(rule, input.is_active)
    return findAutomationOrFail(id)
  }

  async destroy({ params, response }: HttpContext) {
    const id = idParam(params, 'Automation')
    await findAutomationOrFail(id)
    await tenant().trx.from('email_automation_rules').where('id', id).delete()
    response.status(204)
  }

  async pause({ params }: HttpContext) {
    const rule = await findAutomationOrFail(idParam(params, 'Automation'))
    await setActive(rule, false)
    return findAutomationOrFail(rule.id)
  }

  async resume({ params }: HttpContext) {
    const rule = await findAutomationOrFail(idParam(params, 'Automation'))
    await setActive(rule, true)
    return findAutomationOrFail(rule.id)
  }

  /** The contacts a rule enrolled, newest first, by status. */
  async enrollments({ params, request }: HttpContext) {
    const rule = await findAutomationOrFail(idParam(params, 'Automation'))
    const query = await listEnrollmentsValidator.validate(request.qs())
    const builder = enrollmentResource.query(tenant().trx).where('rule_id', rule.id)
    if (query.status) builder.where('status', query.status)
    return keysetPage(builder, { limit: query.limit, cursor: query.cursor, ...NEWEST_FIRST })
  }
}
