import { tenantJob } from '#sdk'
import { rescoreLeads } from '../services/scoring_service.js'
import { emitScoreChanges } from '../services/lead_events.js'

/**
 * `leads/rescore_workspace`: recomputes every lead's score in the workspace
 * that enqueued it, in one set-based statement (see services/scoring). Runs
 * after rule changes, on request (POST /v1/leads/rescore) and nightly for
 * decay. Idempotent: a rerun computes the same scores.
 */
export default tenantJob(async (_payload, helpers) => {
  const { scored, changes } = await rescoreLeads(null)
  await emitScoreChanges(changes)
  helpers.logger.info(`rescored ${scored} leads, ${changes.length} scores changed`)
})
