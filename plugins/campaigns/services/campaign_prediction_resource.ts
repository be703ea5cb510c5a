import { column, defineResource } from '#sdk'

/** A prediction (seed table `campaign_predictions`); written only by the prediction service. */
export const campaignPredictionResource = defineResource({
  name: 'CampaignPrediction',
  table: 'campaign_predictions',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid(),
    campaign_id: column.uuid().required(),
    prediction_type: column
      .enum(['kpi_forecast', 'budget_optimization', 'performance_prediction'] as const)
      .required()
      .openapi({ type: 'string' }),
    prediction_data: column.jsonb().required(),
    confidence_score: column.float().required().openapi({ minimum: 0, maximum: 1 }),
    based_on_campaigns: column
      .jsonb<string[]>()
      .nullable()
      .openapi({ type: ['array', 'null'], items: { type: 'string' } }),
    actual_outcome: column.jsonb().nullable(),
    accuracy_score: column.float().nullable().openapi({ minimum: 0, maximum: 1 }),
    created_at: column.timestamp().required(),
  },
})
