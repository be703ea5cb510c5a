import type { HttpContext } from '@adonisjs/core/http'
import { keysetPage, enqueue, tenant, idParam } from '#sdk'
import {
  performanceQueryValidator,
  runMonitorValidator,
} from '../validators/performance_validator.js'
import { assertCanWrite, findCampaign } from '../services/campaign_service.js'
import { campaignPerformanceMetricResource } from '../services/campaign_performance_metric_resource.js'
import { campaignPerformanceMonitorResource } from '../services/campaign_performance_monitor_resource.js'

/** Performance measurements of campaigns and the route that queues a new one. */
export default class CampaignPerformanceController {
  /** Queues `campaigns/monitor_performance` (one campaign or every active one): 202. */
  async run({ request, response }: HttpContext) {
    assertCanWrite()
    const input = await request.validateUsing(runMonitorValidator)
    if (input.campaign_id) await findCampaign(input.campaign_id)
    const job = await enqueue(
      'campaigns/monitor_performance',
      input.campaign_id ? { campaign_id: input.campaign_id } : {},
      { jobKey: `monitor_performance${input.campaign_id ? `:${input.campaign_id}` : ''}` }
    )
    response.status(202)
    return { job_id: job.id, task: 'campaigns/monitor_performance' }
  }

  /** Measurements of one campaign, newest first. */
  async index({ params, request }: HttpContext) {
    const campaign = await findCampaign(idParam(params, 'Campaign'))
    const page = await performanceQueryValidator.validate(request.qs())
    const { trx } = tenant()
    return keysetPage(
      campaignPerformanceMonitorResource.query(trx).where('campaign_id', campaign.id),
      {
        limit: page.limit,
        cursor: page.cursor,
        keys: [
          { column: 'measured_at', cast: 'timestamptz' },
          { column: 'id', cast: 'uuid' },
        ],
        direction: 'desc',
      }
    )
  }

  /** Recorded KPI values of one campaign (the monitor's time series), newest first. */
  async metrics({ params, request }: HttpContext) {
    const campaign = await findCampaign(idParam(params, 'Campaign'))
    const filters = await performanceQueryValidator.validate(request.qs())
    const { trx } = tenant()
    const query = campaignPerformanceMetricResource.query(trx).where('campaign_id', campaign.id)
    if (filters.metric_name) query.where('metric_name', filters.metric_name)
    return keysetPage(query, {
      limit: filters.limit,
      cursor: filters.cursor,
      keys: [
        { column: 'recorded_at', cast: 'timestamptz' },
        { column: 'id', cast: 'uuid' },
      ],
      direction: 'desc',
    })
  }
}
