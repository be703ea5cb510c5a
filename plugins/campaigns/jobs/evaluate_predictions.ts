import { tenantJob } from '#sdk'
import { evaluateForecasts } from '../services/prediction_service.js'

/**
 * `campaigns/evaluate_predictions`: enqueued when a campaign completes (in the
 * transaction of the status change); fills actual_outcome and accuracy_score
 * of its forecasts from the recorded metrics. Idempotent.
 */
export default tenantJob<{ campaign_id: string }>(async (payload, helpers) => {
  const evaluated = await evaluateForecasts(payload.campaign_id)
  helpers.logger.info(`campaign ${payload.campaign_id}: ${evaluated} forecasts evaluated`)
})
