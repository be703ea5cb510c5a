import type { HttpContext } from '@adonisjs/core/http'
import { keysetPage, NEWEST_FIRST, tenant, enqueue, requireCurrentRole } from '#sdk'
import {
  chatPageValidator,
  feedbackQueryValidator,
  feedbackValidator,
} from '../validators/chat_validator.js'
import { recordFeedback } from '../services/chat_feedback_service.js'
import { aiFeedbackResource } from '../services/ai_feedback_resource.js'
import { FEEDBACK_SUMMARY } from '../services/agent_learning_service.js'

/**
 * Feedback on the copilot's suggestions (edit, approve, regenerate, reject,
 * rated 1 to 5) and what the platform learns from it per agent.
 */
export default class ChatFeedbackController {
  async store({ request, response }: HttpContext) {
    const input = await request.validateUsing(feedbackValidator)
    response.status(201)
    return recordFeedback(input)
  }

  /** The caller's own feedback, newest first. */
  async index({ request }: HttpContext) {
    const query = await feedbackQueryValidator.validate(request.qs())
    const builder = aiFeedbackResource.query()
    if (query.interaction_type) builder.where('interaction_type', query.interaction_type)
    if (query.session_id) builder.where('session_id', query.session_id)
    return keysetPage(builder, {
      limit: query.limit,
      cursor: query.cursor,
      ...NEWEST_FIRST,
    })
  }

  /** The workspace's learned agent summaries (admins). */
  async learning({ request }: HttpContext) {
    requireCurrentRole('admin')
    const query = await chatPageValidator.validate(request.qs())
    const builder = tenant()
      .trx.from('agent_learning_data')
      .select(
        'id',
        'workspace_id',
        'agent_type',
        'pattern_key',
        'pattern_data',
        'confidence_score',
        'usage_count',
        'success_rate',
        'last_updated',
        'created_at'
      )
      .where('pattern_key', FEEDBACK_SUMMARY)
    return keysetPage(builder, {
      ...query,
      keys: [{ column: 'agent_type', cast: 'text' }],
      direction: 'asc',
    })
  }

  /** Queues the aggregation for this workspace now (admins); deduplicated while pending. */
  async aggregate({ response }: HttpContext) {
    requireCurrentRole('admin')
    const job = await enqueue(
      'core/aggregate_agent_learning',
      {},
      {
        jobKey: 'aggregate_agent_learning',
        jobKeyMode: 'replace',
      }
    )
    response.status(202)
    return { job_id: job.id }
  }
}
