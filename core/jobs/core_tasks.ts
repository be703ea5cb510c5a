import type { Task } from 'graphile-worker'
import { privacyTasks, PRIVACY_CRONTAB } from '#core/privacy/privacy_tasks'
import { OAUTH_CRONTAB, oauthTasks } from '#core/jobs/oauth_tasks'
import { serviceJob, TENANT_KEY, type JobTenant } from '#core/jobs/tenant_job'
import { aggregateAgentLearning } from '#core/services/agent_learning_service'
import { discoverModels } from '#core/ai/model_discovery'
import { webhookDeliverTask, webhookPurgeTask } from '#core/jobs/webhook_tasks'

/**
 * Platform maintenance tasks. Named `core/<task>`, scheduled by CORE_CRONTAB.
 */
export const coreTasks: Record<string, Task> = {
  /** Deletes expired access tokens and idempotency records older than 24 hours. */
  'core/purge_expired': serviceJob(async (_payload, helpers, { trx }) => {
    const tokens = await trx
      .from('auth_access_tokens')
      .where('expires_at', '<', new Date())
      .delete()
    const keys = await trx
      .from('idempotency_keys')
      .whereRaw("created_at < now() - interval '24 hours'")
      .delete()
    helpers.logger.info(`purged ${tokens} expired tokens and ${keys} idempotency records`)
  }),
  ...privacyTasks,
  ...oauthTasks,

  /**
   * Aggregates copilot feedback into agent_learning_data: for the workspace
   * that enqueued it (POST /v1/chat/learning/aggregate), or every workspace
   * when run by the cron.
   */
  'core/aggregate_agent_learning': serviceJob<{ [TENANT_KEY]?: JobTenant }>(
    async (payload, helpers, { trx }) => {
      const workspaceId = payload?.[TENANT_KEY]?.workspace_id ?? null
      const { upserted, removed } = await aggregateAgentLearning(trx, workspaceId)
      helpers.logger.info(
        `agent learning (${workspaceId ?? 'all workspaces'}): ${upserted} summaries updated, ${removed} removed`
      )
    }
  ),

  /** Lists the AI providers' models and updates ai_model_configs (monthly; errors are logged in ai_model_update_logs). */
  'core/ai_discover_models': async (_payload, helpers) => {
    const run = await discoverModels()
    helpers.logger.info(
      `AI model discovery ${run.status}: ${run.modelsDiscovered} listed, ${run.modelsAdded} added, ${run.modelsDeprecated} deprecated`
    )
  },
  'core/webhook_deliver': webhookDeliverTask,
  'core/webhook_purge': webhookPurgeTask,
}

/** Crontab of the core tasks (graphile-worker syntax, UTC). */
export const CORE_CRONTAB = [
  '30 3 * * * core/purge_expired ?max=3',
  PRIVACY_CRONTAB,
  OAUTH_CRONTAB,
  '15 2 * * * core/aggregate_agent_learning ?max=3',
  '0 4 1 * * core/ai_discover_models ?max=3',
  '45 3 * * * core/webhook_purge ?max=3',
].join('\n')
