import type { HttpContext } from '@adonisjs/core/http'
import { keysetPage, NEWEST_FIRST, Problem, tenant, idParam } from '#sdk'
import {
  createPredictionValidator,
  listPredictionsValidator,
} from '../validators/prediction_validator.js'
import { assertCanWrite, findCampaign } from '../services/campaign_service.js'
import { createBudgetProposal, createKpiForecast } from '../services/prediction_service.js'
import { campaignPredictionResource } from '../services/campaign_prediction_resource.js'

/** Predictions of a campaign (seed table campaign_predictions). */
export default class CampaignPredictionsController {
  /** Computes and stores a kpi_forecast or a budget_optimization. */
  async store({ params, request, response }: HttpContext) {
    assertCanWrite()
    const campaign = await findCampaign(idParam(params, 'Campaign'))
    const input = await request.validateUsing(createPredictionValidator)
    const prediction =
      input.prediction_type === 'kpi_forecast'
        ? await createKpiForecast(campaign, {
            metricType: input.metric_type ?? 'conversions',
            horizonDays: input.horizon_days ?? 14,
            method: input.method ?? 'holt',
          })
        : await createBudgetProposal(campaign, {
            budget: input.budget,
            lookbackDays: input.lookback_days ?? 90,
          })
    response.status(201)
    return prediction
  }

  async index({ params, request }: HttpContext) {
    const campaign = await findCampaign(idParam(params, 'Campaign'))
    const filters = await listPredictionsValidator.validate(request.qs())
    const { trx } = tenant()
    const query = campaignPredictionResource.query(trx).where('campaign_id', campaign.id)
    if (filters.prediction_type) query.where('prediction_type', filters.prediction_type)
    return keysetPage(query, {
      limit: filters.limit,
      cursor: filters.cursor,
      ...NEWEST_FIRST,
    })
  }

  async show({ params }: HttpContext) {
    const campaignId = idParam(params, 'Campaign')
    const predictionId = idParam(params, 'Prediction', 'predictionId')
    const { trx } = tenant()
    const prediction = await campaignPredictionResource
      .query(trx)
      .where({ id: predictionId, campaign_id: campaignId })
      .first()
    if (!prediction) throw Problem.notFound('Prediction')
    return prediction
  }
}
