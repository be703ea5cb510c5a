import { serviceJob, TENANT_KEY, type JobTenant } from '#sdk'
import { learnCopilotPreferences } from '../services/copilot_learning.js'

/**
 * `strategy/learn_copilot_preferences`: after copilot feedback, recomputes the
 * workspace's learned channel preferences in agent_learning_data (written as
 * the platform: users may not write learning data). Idempotent.
 */
export default serviceJob<{ [TENANT_KEY]?: JobTenant }>(async (payload, helpers, { trx }) => {
  const workspaceId = payload?.[TENANT_KEY]?.workspace_id
  if (!workspaceId) return
  const upserted = await learnCopilotPreferences(trx, workspaceId)
  helpers.logger.info(`strategy copilot learning (${workspaceId}): ${upserted} summary updated`)
})
