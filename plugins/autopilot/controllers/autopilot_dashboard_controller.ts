import { rawQuery, tenant } from '#sdk'
import { cronMonitor } from '../services/cron_monitor.js'

/** The dashboard numbers and the cron monitor. */
export default class AutopilotDashboardController {
  /** `get_autopilot_dashboard_stats()` of the current workspace (RLS applies inside). */
  async stats() {
    const result = await rawQuery<{ stats: Record<string, unknown> }>(
      tenant().trx,
      'select public.get_autopilot_dashboard_stats() as stats'
    )
    return result.rows[0].stats
  }

  /** Each autopilot schedule of this workspace: last run, next run, queued job, last error, failures in a row. */
  async cronMonitor() {
    return cronMonitor()
  }
}
