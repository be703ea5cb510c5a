import type { Task } from 'graphile-worker'
import { scheduleAutomationTicks } from '../services/automation_scheduler.js'

/**
 * `email/automation_schedule` (cron, every minute): one `email/automation_tick`
 * per workspace with an active automation.
 */
const automationSchedule: Task = async (_payload, helpers) => {
  const count = await scheduleAutomationTicks()
  if (count) helpers.logger.debug(`email automation ticks queued for ${count} workspaces`)
}

export default automationSchedule
