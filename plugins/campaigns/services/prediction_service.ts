import { Problem, tenant, rawQuery } from '#sdk'
import {
  forecastAccuracy,
  holtForecast,
  linearForecast,
  MIN_POINTS,
  type ForecastResult,
} from './statistics.js'
import { allocateBudget, type ChannelObservation } from './budget_allocation.js'
import { dailySeries } from './metrics_service.js'
import type { CampaignRow } from './campaign_resource.js'
import { campaignPredictionResource } from './campaign_prediction_resource.js'

const round = (value: number, digits = 4) => Math.round(value * 10 ** digits) / 10 ** digits

/** The day `days` after a YYYY-MM-DD day. */
export function addDays(day: string, days: number) {
  const date = new Date(`${day}T00:00:00Z`)
  date.setUTCDate(date.getUTCDate() + days)
  return date.toISOString().slice(0, 10)
}

async function insertPrediction(row: {
  campaign_id: string
  prediction_type: string
  prediction_data: unknown
  confidence_score: number
  based_on_campaigns: unknown
}) {
  const { trx, workspaceId } = tenant()
  const [prediction] = await trx
    .insertQuery()
    .table('campaign_predictions')
    .insert({
      ...row,
      workspace_id: workspaceId,
      prediction_data: JSON.stringify(row.prediction_data),
      based_on_campaigns: JSON.stringify(row.based_on_campaigns),
    })
    .returning([...campaignPredictionResource.columns])
  return prediction
}

/**
 * A `kpi_forecast`: fits Holt's linear trend (or a least squares line) to the
 * campaign's daily series of `metricType` (missing days count as 0) and stores
 * the forecast with 95% prediction intervals; the confidence comes from the
 * fit's relative error.
 */
export async function createKpiForecast(
  campaign: CampaignRow,
  options: { metricType: string; horizonDays: number; method: 'holt' | 'linear_regression' }
) {
  const series = await dailySeries(campaign.id, options.metricType)
  const needed = MIN_POINTS[options.method]
  if (series.length < needed) {
    throw Problem.invalidField(
      'metric_type',
      `A ${options.method} forecast needs at least ${needed} days of "${options.metricType}" history; this campaign has ${series.length}`,
      'history'
    )
  }
  const values = series.map((point) => point.value)
  const fit: ForecastResult =
    options.method === 'holt'
      ? holtForecast(values, options.horizonDays)
      : linearForecast(values, options.horizonDays)
  const lastDay = series.at(-1)!.day
  const forecast = fit.forecast.map((point) => ({
    date: addDays(lastDay, point.step),
    value: round(point.value),
    lower: round(point.lower),
    upper: round(point.upper),
  }))
  return insertPrediction({
    campaign_id: campaign.id,
    prediction_type: 'kpi_forecast',
    confidence_score: round(fit.confidence),
    based_on_campaigns: [campaign.id],
    prediction_data: {
      method: fit.method,
      metric_type: options.metricType,
      horizon_days: options.horizonDays,
      interval_level: fit.level,
      history: { from: series[0].day, to: lastDay, days: series.length },
      parameters: Object.fromEntries(
        Object.entries(fit.parameters).map(([key, value]) => [key, round(value, 6)])
      ),
      fit: { rmse: round(fit.rmse), sigma: round(fit.sigma), r_squared: round(fit.rSquared) },
      forecast,
      forecast_total: round(forecast.reduce((sum, point) => sum + point.value, 0)),
    },
  })
}

/**
 * A `budget_optimization`: learns cost per conversion by channel from the
 * workspace's campaigns over the look-back window (each campaign counts under
 * its primary channel) and splits the budget across channels by efficiency.
 */
export async function createBudgetProposal(
  campaign: CampaignRow,
  options: { budget?: number; lookbackDays: number }
) {
  const { trx } = tenant()
  const observed = await rawQuery<ChannelObservation & { campaign_ids: string[] }>(
    trx,
    `select coalesce(c.channel, 'unspecified') as channel,
        coalesce(sum(m.metric_value) filter (where m.metric_type = 'cost'), 0)::float8 as cost,
        coalesce(sum(m.metric_value) filter (where m.metric_type = 'conversions'), 0)::float8 as conversions,
        array_agg(distinct c.id::text) as campaign_ids
      from campaign_metrics m join campaigns c on c.workspace_id = m.workspace_id and c.id = m.campaign_id
      where m.metric_type in ('cost', 'conversions')
        and m.metric_date > current_date - ?::int
      group by 1 order by 1`,
    [options.lookbackDays]
  )
  if (!observed.rows.length) {
    throw Problem.invalidField(
      'prediction_type',
      `No campaign in this workspace has cost and conversions in the last ${options.lookbackDays} days`,
      'history'
    )
  }
  const budget =
    options.budget ?? Math.max(0, Number(campaign.total_budget) - Number(campaign.budget_spent))
  const proposal = allocateBudget(
    observed.rows.map(({ channel, cost, conversions }) => ({ channel, cost, conversions })),
    budget
  )
  return insertPrediction({
    campaign_id: campaign.id,
    prediction_type: 'budget_optimization',
    confidence_score: proposal.confidence,
    based_on_campaigns: [...new Set(observed.rows.flatMap((row) => row.campaign_ids))].sort(),
    prediction_data: { lookback_days: options.lookbackDays, ...proposal },
  })
}

/**
 * Scores the campaign's unevaluated forecasts against the metrics recorded
 * for the forecast days: actual_outcome keeps the day-by-day comparison and
 * accuracy_score is 1 − WAPE. Idempotent: evaluated forecasts are skipped.
 */
export async function evaluateForecasts(campaignId: string) {
  const { trx } = tenant()
  const pending = await trx
    .from('campaign_predictions')
    .select('id', 'prediction_data')
    .where({ campaign_id: campaignId, prediction_type: 'kpi_forecast' })
    .whereNull('actual_outcome')
  let evaluated = 0
  for (const prediction of pending) {
    const data = prediction.prediction_data as {
      metric_type: string
      forecast: Array<{ date: string; value: number }>
    }
    const days = data.forecast.map((point) => point.date)
    const actuals = await rawQuery<{ day: string; value: number }>(
      trx,
      `select metric_date::text as day, metric_value::float8 as value from campaign_metrics
        where campaign_id = ?::uuid and metric_type = ? and metric_date = any(?::date[])`,
      [campaignId, data.metric_type, days]
    )
    const byDay = new Map(actuals.rows.map((row) => [row.day, row.value]))
    const points = data.forecast
      .filter((point) => byDay.has(point.date))
      .map((point) => ({ date: point.date, forecast: point.value, actual: byDay.get(point.date)! }))
    const score = forecastAccuracy(points)
    const outcome = {
      metric_type: data.metric_type,
      days_forecast: days.length,
      days_compared: points.length,
      actual_total: round(points.reduce((sum, point) => sum + point.actual, 0)),
      forecast_total: round(points.reduce((sum, point) => sum + point.forecast, 0)),
      wape: score?.wape === null || score === null ? null : round(score.wape),
      points,
      evaluated_at: new Date().toISOString(),
    }
    await trx
      .from('campaign_predictions')
      .where('id', prediction.id)
      .update({
        actual_outcome: JSON.stringify(outcome),
        accuracy_score: score ? round(score.accuracy) : null,
      })
    evaluated++
  }
  return evaluated
}
