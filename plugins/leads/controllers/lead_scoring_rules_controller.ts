import type { HttpContext } from '@adonisjs/core/http'
import { keysetPage, Problem, tenant, idParam } from '#sdk'
import { pageQueryValidator } from '#sdk'
import { createRuleValidator, updateRuleValidator } from '../validators/scoring_rule_validator.js'
import { isActivityCondition, parseRuleConditions } from '../services/scoring/rule_conditions.js'
import { enqueueWorkspaceRescore } from './lead_scores_controller.js'
import { scoringRuleResource } from '../services/scoring_rule_resource.js'

const COLUMNS = [...scoringRuleResource.columns]

/** Most rules a workspace may have (each one is a column of the rescoring query). */
const MAX_RULES = 100

/** Validates a rule's conditions, or a 422 listing every problem. */
function checkedConditions(conditions: unknown) {
  const parsed = parseRuleConditions(conditions)
  if (!parsed.ok) {
    throw new Problem(
      422,
      'validation-error',
      'Validation failed',
      'The rule has invalid conditions',
      {
        errors: parsed.errors,
      }
    )
  }
  return parsed.value
}
/**
 * The workspace's scoring rules. Every change enqueues a rescoring of the
 * workspace's leads, in the same transaction.
 */
export default class LeadScoringRulesController {
  async index({ request }: HttpContext) {
    const query = await pageQueryValidator.validate(request.qs())
    const { trx, workspaceId } = tenant()
    return keysetPage(scoringRuleResource.query(trx).where('workspace_id', workspaceId!), {
      ...query,
      keys: [
        { column: 'created_at', cast: 'timestamptz' },
        { column: 'id', cast: 'uuid' },
      ],
      direction: 'asc',
    })
  }

  async store({ request, response }: HttpContext) {
    const input = await request.validateUsing(createRuleValidator)
    const conditions = checkedConditions(input.conditions)
    const { trx, workspaceId, userId } = tenant()
    const [{ count }] = await trx
      .from('lead_scoring_rules')
      .where('workspace_id', workspaceId!)
      .count('* as count')
    if (Number(count) >= MAX_RULES) {
      throw Problem.conflict(`A workspace can have at most ${MAX_RULES} scoring rules`)
    }
    const [rule] = await trx
      .insertQuery()
      .table('lead_scoring_rules')
      .insert({
        ...scoringRuleResource.values(input, 'create'),
        workspace_id: workspaceId,
        created_by: userId,
        category:
          input.category ??
          (conditions.conditions.some(isActivityCondition) ? 'engagement' : 'fit'),
        conditions: JSON.stringify(input.conditions),
      })
      .returning(COLUMNS)
    await enqueueWorkspaceRescore()
    response.status(201)
    return rule
  }

  async show({ params }: HttpContext) {
    const id = idParam(params, 'Scoring rule')
    const { trx, workspaceId } = tenant()
    const rule = await scoringRuleResource
      .query(trx)
      .where({ id, workspace_id: workspaceId! })
      .first()
    if (!rule) throw Problem.notFound('Scoring rule')
    return rule
  }

  async update({ params, request }: HttpContext) {
    const id = idParam(params, 'Scoring rule')
    const input = await request.validateUsing(updateRuleValidator)
    const patch: Record<string, unknown> = scoringRuleResource.values(input, 'update')
    if (input.conditions !== undefined) {
      checkedConditions(input.conditions)
      patch.conditions = JSON.stringify(input.conditions)
    }
    const { trx, workspaceId } = tenant()
    const query = trx.from('lead_scoring_rules').where({ id, workspace_id: workspaceId! })
    const [rule] = Object.keys(patch).length
      ? await query.update(patch).returning(COLUMNS)
      : await query.select(COLUMNS)
    if (!rule) throw Problem.notFound('Scoring rule')
    if (Object.keys(patch).length) await enqueueWorkspaceRescore()
    return rule
  }

  async destroy({ params, response }: HttpContext) {
    const id = idParam(params, 'Scoring rule')
    const { trx, workspaceId } = tenant()
    const deleted = await trx
      .from('lead_scoring_rules')
      .where({ id, workspace_id: workspaceId! })
      .delete()
    if (!Number(deleted)) throw Problem.notFound('Scoring rule')
    await enqueueWorkspaceRescore()
    response.status(204)
  }
}
