import { tenantJob } from '#sdk'
import { runAutomationTick } from '../services/automation_triggers.js'

/**
 * `email/automation_tick`: reads the workspace's new outbox events for each
 * active automation and enrolls the contacts they concern (and the segments
 * of date rules whose time came).
 */
export default tenantJob(async (_payload, helpers) => {
  const enrolled = await runAutomationTick()
  if (enrolled) helpers.logger.info(`email automations enrolled ${enrolled} contacts`)
})
