import { tenantJob } from '#sdk'
import { generateWeeklyReport } from '../services/weekly_report.js'

/**
 * `autopilot/weekly_report`: the weekly report of one workspace for the week
 * starting `week_start` (Monday). Enqueued by the Monday 09:00 UTC cron
 * fan-out and by the manual trigger (job key `autopilot_weekly:<week>`). One
 * transaction, no remote call; idempotent per workspace and week.
 */
export default tenantJob<{ week_start: string }>(async (payload, helpers) => {
  const report = await generateWeeklyReport(payload.week_start)
  helpers.logger.info(
    `autopilot weekly report ${payload.week_start}: ${report ? report.id : 'skipped (no active autopilot)'}`
  )
})
