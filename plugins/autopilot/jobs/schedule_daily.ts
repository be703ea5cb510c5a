import type { Task } from 'graphile-worker'
import { fanOut } from '../services/run_scheduler.js'
import { utcToday } from '../services/dates.js'

/**
 * `autopilot/schedule_daily` (cron 02:00 UTC): one `autopilot/daily_run` per
 * workspace with an active autopilot, job key `autopilot_daily:<day>`.
 */
const scheduleDaily: Task = async (_payload, helpers) => {
  const day = utcToday()
  const count = await fanOut('autopilot/daily_run', { run_date: day }, `autopilot_daily:${day}`)
  helpers.logger.info(`autopilot daily runs queued for ${count} workspaces`)
}

export default scheduleDaily
