import { rawQuery, tenant } from '#sdk'
import { runDailyInTransaction } from '../services/daily_run.js'
import { generateWeeklyReport } from '../services/weekly_report.js'
import { addDays, lastFullWeekStart, utcToday } from '../services/dates.js'
import { strategyFacts } from '../services/strategy_service.js'
import { channelDailyMetrics } from '#plugins/campaigns/services/index'
import { configResource } from '../services/config_resource.js'

/**
 * Demo data of the autopilot plugin: an active autopilot for the demo
 * workspace with a week of history, computed by the plugin's own code from the
 * campaigns and leads demo data: seven daily runs (metrics, budget proposals,
 * lead triage into the inbox, activity log), last week's report, and the
 * strategy's data part (the narrative is written by the strategy job when the
 * configuration is next saved). Runs once, in the demo workspace's transaction.
 */
export default async function seedAutopilot() {
  const { trx, workspaceId, userId } = tenant()
  await rawQuery(
    trx,
    `insert into marketing_autopilot_config
        (workspace_id, user_id, business_description, target_audience, monthly_budget, goals, channels)
      values (?::uuid, ?::uuid, ?, ?::jsonb, ?, ?::jsonb, '[]'::jsonb)
      on conflict (workspace_id) do nothing`,
    [
      workspaceId!,
      userId ?? null,
      'B2B analytics software for mid-size retailers, sold on a monthly plan with a free trial',
      JSON.stringify({
        roles: ['Marketing Director', 'CTO'],
        company_size: ['medium', 'enterprise'],
      }),
      30000,
      JSON.stringify(['Double demo requests this quarter', 'Keep cost per conversion under 45']),
    ]
  )
  const config = (await configResource.query(trx).first())!
  const today = utcToday()
  const rows = await channelDailyMetrics(addDays(today, -28), addDays(today, -1))
  const plan = strategyFacts(config, rows)
  await rawQuery(
    trx,
    'update marketing_autopilot_config set ai_strategy = ?::jsonb where id = ?::uuid',
    [
      JSON.stringify({ generated_at: new Date().toISOString(), ...plan, goals: config.goals }),
      config.id,
    ]
  )
  for (let offset = 6; offset >= 0; offset--) {
    const day = addDays(today, -offset)
    const startedAt = offset === 0 ? new Date() : new Date(`${day}T02:00:00Z`)
    await runDailyInTransaction(day, startedAt)
  }
  await generateWeeklyReport(lastFullWeekStart(today))
}
