import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { rawQuery } from '#sdk'

/** Pattern key of the per-agent feedback summary rows. */
export const FEEDBACK_SUMMARY = 'feedback_summary'

/**
 * Confidence grows with the amount of feedback: n / (n + CONFIDENCE_PRIOR), so
 * 10 pieces of feedback give 0.5 and 90 give 0.9.
 */
const CONFIDENCE_PRIOR = 10

/**
 * Recomputes the feedback summary of every agent from `ai_interaction_feedback`
 * in one set-based statement, for one workspace or (null) all of them, and
 * upserts it into `agent_learning_data`; summaries whose feedback is gone are
 * removed. Idempotent: rows only change (and `last_updated` only moves) when
 * the figures do. Needs a transaction that can read every row of the scope
 * (app_service).
 *
 * The agent of a piece of feedback is its chat message's `agent_type`, else
 * `context_data.agent_type`, else `copilot`. Its success value is the rating
 * mapped to 0..1 ((score - 1) / 4) when rated, else 1 for approve, 0.5 for
 * edit and 0 for regenerate or reject; `success_rate` is their mean.
 */
export async function aggregateAgentLearning(
  trx: TransactionClientContract,
  workspaceId: string | null
): Promise<{ upserted: number; removed: number }> {
  const result = await rawQuery(
    trx,
    `with feedback as (
       select f.workspace_id,
              coalesce(m.agent_type, f.context_data ->> 'agent_type', 'copilot') as agent_type,
              f.interaction_type, f.feedback_score, f."timestamp",
              case
                when f.feedback_score is not null then (f.feedback_score - 1) / 4.0
                when f.interaction_type = 'approve' then 1.0
                when f.interaction_type = 'edit' then 0.5
                else 0.0
              end as success
         from ai_interaction_feedback f
         left join chat_messages m on m.workspace_id = f.workspace_id and m.id = f.message_id
        where (?::uuid is null or f.workspace_id = ?::uuid)
     ),
     computed as (
       select workspace_id, agent_type,
              jsonb_build_object(
                'total', count(*),
                'counts', jsonb_build_object(
                  'approve', count(*) filter (where interaction_type = 'approve'),
                  'edit', count(*) filter (where interaction_type = 'edit'),
                  'regenerate', count(*) filter (where interaction_type = 'regenerate'),
                  'reject', count(*) filter (where interaction_type = 'reject')
                ),
                'rated', count(feedback_score),
                'average_score', round(avg(feedback_score), 2),
                'scores', jsonb_build_object(
                  '1', count(*) filter (where feedback_score = 1),
                  '2', count(*) filter (where feedback_score = 2),
                  '3', count(*) filter (where feedback_score = 3),
                  '4', count(*) filter (where feedback_score = 4),
                  '5', count(*) filter (where feedback_score = 5)
                ),
                'first_feedback_at', min("timestamp"),
                'last_feedback_at', max("timestamp")
              ) as pattern_data,
              round((count(*)::numeric / (count(*) + ?)), 4)::real as confidence_score,
              count(*)::int as usage_count,
              round(avg(success), 4)::real as success_rate
         from feedback
        group by workspace_id, agent_type
     ),
     upserted as (
       insert into agent_learning_data
         (workspace_id, agent_type, pattern_key, pattern_data, confidence_score, usage_count, success_rate, last_updated)
       select workspace_id, agent_type, ?, pattern_data, confidence_score, usage_count, success_rate, now()
         from computed
       on conflict (workspace_id, agent_type, pattern_key) do update
         set pattern_data = excluded.pattern_data,
             confidence_score = excluded.confidence_score,
             usage_count = excluded.usage_count,
             success_rate = excluded.success_rate,
             last_updated = now()
         where (agent_learning_data.pattern_data, agent_learning_data.confidence_score,
                agent_learning_data.usage_count, agent_learning_data.success_rate)
           is distinct from (excluded.pattern_data, excluded.confidence_score,
                excluded.usage_count, excluded.success_rate)
       returning 1
     ),
     removed as (
       delete from agent_learning_data d
        where d.pattern_key = ? and (?::uuid is null or d.workspace_id = ?::uuid)
          and not exists (
            select 1 from computed c where c.workspace_id = d.workspace_id and c.agent_type = d.agent_type
          )
       returning 1
     )
     select (select count(*) from upserted)::int as upserted, (select count(*) from removed)::int as removed`,
    [
      workspaceId,
      workspaceId,
      CONFIDENCE_PRIOR,
      FEEDBACK_SUMMARY,
      FEEDBACK_SUMMARY,
      workspaceId,
      workspaceId,
    ]
  )
  return result.rows[0]
}
