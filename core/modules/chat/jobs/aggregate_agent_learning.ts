import { serviceJob, TENANT_KEY, type JobTenant } from '#sdk'
import { aggregateAgentLearning } from '../services/agent_learning_service.js'

/**
 * `core/aggregate_agent_learning`: aggregates copilot feedback into
 * agent_learning_data, for the workspace that enqueued it
 * (POST /v1/chat/learning/aggregate), or every workspace when run by the cron.
 */
export default serviceJob<{ [TENANT_KEY]?: JobTenant }>(async (payload, helpers, { trx }) => {
  const workspaceId = payload?.[TENANT_KEY]?.workspace_id ?? null
  const { upserted, removed } = await aggregateAgentLearning(trx, workspaceId)
  helpers.logger.info(
    `agent learning (${workspaceId ?? 'all workspaces'}): ${upserted} summaries updated, ${removed} removed`
  )
})
