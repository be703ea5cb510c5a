import { tenantJob } from '#sdk'
import { monitorWorkspace } from '../services/performance_monitor.js'

/**
 * `campaigns/monitor_performance`: scores one campaign (`campaign_id`) or all
 * active campaigns of the workspace against their benchmarks and stores the
 * suggestions. Enqueued by POST /v1/campaigns/performance/run and, daily, by
 * `campaigns/schedule_monitoring`. Idempotent per campaign and UTC day.
 */
export default tenantJob<{ campaign_id?: string }>(async (payload, helpers) => {
  const result = await monitorWorkspace(payload.campaign_id)
  helpers.logger.info(
    `campaign performance: ${result.scored} of ${result.campaigns} campaigns scored`
  )
})
