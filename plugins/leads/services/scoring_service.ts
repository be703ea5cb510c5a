import logger from '@adonisjs/core/services/logger'
import { tenant, rawQuery } from '#sdk'
import { parseRuleConditions } from './scoring/rule_conditions.js'
import { buildRescoreStatement, type ScoringRule } from './scoring/score_query.js'

/** work_mem of a whole-workspace rescoring's transaction (its hash tables stay in memory). */
const WHOLE_WORKSPACE_WORK_MEM = '64MB'

/** A lead whose score moved during a rescoring. */
export interface ScoreChange {
  leadId: string
  from: number
  to: number
}

/** Outcome of a rescoring: how many leads were scored and whose score changed. */
export interface RescoreResult {
  scored: number
  changes: ScoreChange[]
}

/** The current workspace's active rules, in a stable order, ready for the engine. */
export async function activeRules(): Promise<ScoringRule[]> {
  const { trx, workspaceId } = tenant()
  const rows = await trx
    .from('lead_scoring_rules')
    .select('id', 'rule_name', 'category', 'score_weight', 'half_life_days', 'conditions')
    .where({ workspace_id: workspaceId!, is_active: true })
    .orderBy('created_at')
    .orderBy('id')
  const rules: ScoringRule[] = []
  for (const row of rows) {
    // Rules are validated when written; a row that no longer parses (edited outside the API, or
    // written by an older version) is skipped so the workspace keeps scoring, and said in the log.
    const parsed = parseRuleConditions(row.conditions)
    if (parsed.ok) rules.push({ ...row, conditions: parsed.value })
    else
      logger.warn(
        { workspaceId, ruleId: row.id },
        'lead scoring rule skipped: its conditions no longer parse'
      )
  }
  return rules
}

/**
 * Recomputes the scores of the current workspace's leads, in one SQL
 * statement: all of them (`leadIds` null, the rescoring job) or only the given
 * ones (incremental, after a lead or one of its activities changed). Writes
 * the explanations to `lead_scores` and `leads.lead_score`.
 */
export async function rescoreLeads(leadIds: string[] | null): Promise<RescoreResult> {
  const { trx, workspaceId } = tenant()
  if (leadIds && leadIds.length === 0) return { scored: 0, changes: [] }
  const rules = await activeRules()
  const statement = buildRescoreStatement(workspaceId!, rules, leadIds)
  // A whole-workspace statement runs once with many expressions per row: JIT
  // compilation cost more than it saved (about half a second on 100,000
  // leads), and its hash tables (activity aggregates, the stored states) spill
  // to disk at the default work_mem. Both settings are transaction-local.
  if (!leadIds) {
    await rawQuery(trx, "select set_config('jit', 'off', true), set_config('work_mem', ?, true)", [
      WHOLE_WORKSPACE_WORK_MEM,
    ])
  }
  const result = await rawQuery<{
    scored: number
    explained: number
    changes: Array<[string, number, number]>
  }>(trx, statement.text, statement.bindings)
  const row = result.rows[0]
  const changes = row.changes.map(([leadId, from, to]) => ({ leadId, from, to }))
  return { scored: row.scored, changes }
}
