import vine from '@vinejs/vine'
import { pageQuery } from '#sdk'

/** Body of POST /v1/campaigns/:id/predictions: a forecast or a budget proposal. */
export const createPredictionValidator = vine.create({
  prediction_type: vine.enum(['kpi_forecast', 'budget_optimization'] as const),
  /** kpi_forecast: the metric type to forecast (default conversions). */
  metric_type: vine
    .string()
    .regex(/^[a-z][a-z0-9_]{0,63}$/)
    .optional(),
  /** kpi_forecast: days ahead (default 14). */
  horizon_days: vine.number().withoutDecimals().range([1, 90]).optional(),
  /** kpi_forecast: `holt` (default) or `linear_regression`. */
  method: vine.enum(['holt', 'linear_regression'] as const).optional(),
  /** budget_optimization: amount to split (default: the campaign's remaining budget). */
  budget: vine.number().min(0).max(1e12).optional(),
  /** budget_optimization: days of history to learn cost per conversion from (default 90). */
  lookback_days: vine.number().withoutDecimals().range([1, 730]).optional(),
})

/** Query of GET /v1/campaigns/:id/predictions. */
export const listPredictionsValidator = vine.create({
  ...pageQuery,
  prediction_type: vine
    .enum(['kpi_forecast', 'budget_optimization', 'performance_prediction'] as const)
    .optional(),
})
