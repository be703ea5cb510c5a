import type { HttpContext } from '@adonisjs/core/http'
import { tenant, enqueue, idParam } from '#sdk'
import { findLeadOrFail } from '../services/lead_writer.js'
import { DEFAULT_HALF_LIFE_DAYS } from '../services/scoring/score_query.js'

/**
 * Scores: the explanation of one lead's score, and rescoring the whole
 * workspace in the background.
 */
export default class LeadScoresController {
  /** Which rules gave the lead which points, split into fit and engagement. */
  async show({ params }: HttpContext) {
    const id = idParam(params, 'Lead')
    const lead = await findLeadOrFail(id)
    const { trx, workspaceId } = tenant()
    const row = await trx
      .from('lead_scores')
      .select('fit_points', 'engagement_points', 'score', 'explanation', 'computed_at')
      .where({ workspace_id: workspaceId!, lead_id: id })
      .first()
    const rules = (row?.explanation ?? []) as Array<Record<string, unknown>>
    return {
      lead_id: id,
      score: lead.lead_score,
      fit_points: Number(row?.fit_points ?? 0),
      engagement_points: Number(row?.engagement_points ?? 0),
      computed_at: row?.computed_at ?? null,
      default_half_life_days: DEFAULT_HALF_LIFE_DAYS,
      fit: rules.filter((rule) => rule.category === 'fit'),
      engagement: rules.filter((rule) => rule.category === 'engagement'),
    }
  }

  /** Enqueues `leads/rescore_workspace` (one pending run per workspace). */
  async rescore({ response }: HttpContext) {
    const job = await enqueueWorkspaceRescore()
    response.status(202)
    return { job_id: job.id, status: 'queued' }
  }
}

/**
 * Enqueues the whole-workspace rescoring in the current transaction. The job
 * key keeps one pending run per workspace (a newer request replaces it).
 */
export function enqueueWorkspaceRescore() {
  return enqueue('leads/rescore_workspace', {}, { jobKey: 'leads:rescore', jobKeyMode: 'replace' })
}
