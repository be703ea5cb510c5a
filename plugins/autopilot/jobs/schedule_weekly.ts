import type { Task } from 'graphile-worker'
import { fanOut } from '../services/run_scheduler.js'
import { lastFullWeekStart, utcToday } from '../services/dates.js'

/**
 * `autopilot/schedule_weekly` (cron Monday 09:00 UTC): one
 * `autopilot/weekly_report` per workspace with an active autopilot, for the
 * last full week (Monday to Sunday), job key `autopilot_weekly:<week>`.
 */
const scheduleWeekly: Task = async (_payload, helpers) => {
  const week = lastFullWeekStart(utcToday())
  const count = await fanOut(
    'autopilot/weekly_report',
    { week_start: week },
    `autopilot_weekly:${week}`
  )
  helpers.logger.info(`autopilot weekly reports queued for ${count} workspaces`)
}

export default scheduleWeekly
