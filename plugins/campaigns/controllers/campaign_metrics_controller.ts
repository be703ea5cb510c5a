import type { HttpContext } from '@adonisjs/core/http'
import { keysetPage, Problem, tenant, rawQuery, idParam } from '#sdk'
import {
  ingestMetricsValidator,
  listMetricsValidator,
  summaryQueryValidator,
} from '../validators/metric_validator.js'
import { assertCanWrite, findCampaign } from '../services/campaign_service.js'
import { campaignSummary } from '../services/metrics_service.js'
import { campaignMetricResource } from '../services/campaign_metric_resource.js'

/**
 * One set-based upsert for the whole batch: the arrays are unnested in SQL and
 * conflicts on (workspace, campaign, type, day) replace the value, so sending
 * the same batch twice changes nothing. `xmax = 0` tells inserted rows apart.
 */
const UPSERT_SQL = `with input as (
    select * from unnest(?::text[], ?::numeric[], ?::date[]) as u(metric_type, metric_value, metric_date)
  ), written as (
    insert into campaign_metrics (workspace_id, campaign_id, metric_type, metric_value, metric_date)
    select ?::uuid, ?::uuid, metric_type, metric_value, metric_date from input
    on conflict (workspace_id, campaign_id, metric_type, metric_date)
      do update set metric_value = excluded.metric_value
      where campaign_metrics.metric_value is distinct from excluded.metric_value
    returning (xmax = 0) as inserted
  )
  select count(*) filter (where inserted)::int as inserted,
    count(*) filter (where not inserted)::int as updated
  from written`

/** Daily metrics of a campaign (seed table campaign_metrics) and their summary. */
export default class CampaignMetricsController {
  /** Bulk ingestion: up to 5,000 rows, one statement, idempotent. */
  async store({ params, request }: HttpContext) {
    assertCanWrite()
    const campaign = await findCampaign(idParam(params, 'Campaign'))
    const { metrics } = await request.validateUsing(ingestMetricsValidator)
    const seen = new Map<string, number>()
    metrics.forEach((row, index) => {
      const key = `${row.metric_type}|${row.metric_date}`
      const first = seen.get(key)
      if (first !== undefined) {
        throw Problem.invalidField(
          `metrics.${index}`,
          `Row ${index} repeats metric_type "${row.metric_type}" on ${row.metric_date} (first at row ${first}); send one value per type and day`,
          'distinct'
        )
      }
      seen.set(key, index)
    })
    const { trx, workspaceId } = tenant()
    const result = await rawQuery(trx, UPSERT_SQL, [
      metrics.map((row) => row.metric_type),
      metrics.map((row) => String(row.metric_value)),
      metrics.map((row) => row.metric_date),
      workspaceId,
      campaign.id,
    ])
    const { inserted, updated } = result.rows[0]
    return {
      received: metrics.length,
      inserted,
      updated,
      unchanged: metrics.length - inserted - updated,
    }
  }

  /** A page of daily values, newest day first. */
  async index({ params, request }: HttpContext) {
    const campaign = await findCampaign(idParam(params, 'Campaign'))
    const filters = await listMetricsValidator.validate(request.qs())
    const { trx } = tenant()
    const query = campaignMetricResource.query(trx).where('campaign_id', campaign.id)
    if (filters.metric_type) query.where('metric_type', filters.metric_type)
    if (filters.from && filters.to && filters.from > filters.to) {
      throw Problem.invalidField('to', 'to must not be before from', 'after')
    }
    if (filters.from) query.where('metric_date', '>=', filters.from)
    if (filters.to) query.where('metric_date', '<=', filters.to)
    return keysetPage(query, {
      limit: filters.limit,
      cursor: filters.cursor,
      keys: [
        { column: 'metric_date', cast: 'date' },
        { column: 'id', cast: 'uuid' },
      ],
      direction: 'desc',
    })
  }

  /** Totals and ratios over a date range, computed in SQL. */
  async summary({ params, request }: HttpContext) {
    const campaign = await findCampaign(idParam(params, 'Campaign'))
    const range = await summaryQueryValidator.validate(request.qs())
    if (range.from && range.to && range.from > range.to) {
      throw Problem.invalidField('to', 'to must not be before from', 'after')
    }
    return campaignSummary(campaign.id, range.from ?? null, range.to ?? null)
  }
}
