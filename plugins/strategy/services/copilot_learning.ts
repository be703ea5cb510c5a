import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { rawQuery, tenant } from '#sdk'

/** agent_learning_data keys of the copilot's learned channel preferences. */
export const LEARNING_AGENT = 'strategy_copilot'
export const LEARNING_KEY = 'channel_preferences'

/**
 * Aggregates the copilot feedback of a workspace (each channel's outcome:
 * rating, approval, rejection, or kept/removed in an edit) into
 * agent_learning_data: per channel the number of outcomes and their mean
 * success. Needs an app_service transaction (the learning job).
 */
export async function learnCopilotPreferences(trx: TransactionClientContract, workspaceId: string) {
  const result = await rawQuery<{ upserted: number }>(
    trx,
    `with outcomes as (
        select o.key as channel, (o.value)::text::float8 as success
          from ai_interaction_feedback f, jsonb_each(f.context_data -> 'channel_outcomes') o
         where f.workspace_id = ? and f.context_data ->> 'agent_type' = ?
           and jsonb_typeof(f.context_data -> 'channel_outcomes') = 'object'
      ), per_channel as (
        select channel, count(*)::int as n, avg(success) as success from outcomes group by channel
      ), summary as (
        select coalesce(jsonb_object_agg(channel, jsonb_build_object('n', n, 'success', round(success::numeric, 4))), '{}'::jsonb) as channels,
               coalesce(sum(n), 0)::int as total,
               coalesce(sum(success * n) / nullif(sum(n), 0), 0.5) as success
          from per_channel
      ), upserted as (
        insert into agent_learning_data
          (workspace_id, agent_type, pattern_key, pattern_data, confidence_score, usage_count, success_rate, last_updated)
        select ?, ?, ?, jsonb_build_object('channels', channels), round((total::numeric / (total + 10)), 4)::real,
               total, round(success::numeric, 4)::real, now()
          from summary where total > 0
        on conflict (workspace_id, agent_type, pattern_key) do update
          set pattern_data = excluded.pattern_data, confidence_score = excluded.confidence_score,
              usage_count = excluded.usage_count, success_rate = excluded.success_rate, last_updated = now()
        returning 1
      )
      select count(*)::int as upserted from upserted`,
    [workspaceId, LEARNING_AGENT, workspaceId, LEARNING_AGENT, LEARNING_KEY]
  )
  return result.rows[0].upserted
}

/**
 * The workspace's learned channel preferences (channel → outcomes and mean
 * success). agent_learning_data is readable by workspace admins (RLS): for
 * other roles nothing is learned and plans rest on data alone.
 */
export async function learnedChannelPreferences(): Promise<
  Map<string, { n: number; success: number }>
> {
  const result = await rawQuery<{
    pattern_data: { channels?: Record<string, { n: number; success: number }> }
  }>(
    tenant().trx,
    `select pattern_data from agent_learning_data where agent_type = ? and pattern_key = ?`,
    [LEARNING_AGENT, LEARNING_KEY]
  )
  const channels = result.rows[0]?.pattern_data?.channels ?? {}
  return new Map(
    Object.entries(channels).map(([channel, value]) => [
      channel,
      { n: Number(value.n), success: Number(value.success) },
    ])
  )
}
