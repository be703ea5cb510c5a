import type { Task } from 'graphile-worker'
import { jobTenantIdentity } from '#sdk'
import { generateStrategy } from '../services/strategy_service.js'

/**
 * `autopilot/generate_strategy`: (re)writes the configuration's `ai_strategy`
 * after it was created or changed. It reads in one transaction and calls the
 * AI gateway and writes in another (see strategy_service.ts).
 */
const generateStrategyTask: Task = async (payload, helpers) => {
  const identity = jobTenantIdentity(
    (payload ?? {}) as Record<string, unknown>,
    helpers.job.task_identifier
  )
  const strategy = await generateStrategy(identity)
  helpers.logger.info(
    `autopilot strategy ${strategy ? 'written' : 'skipped (config changed or gone)'}`
  )
}

export default generateStrategyTask
