import type { Task } from 'graphile-worker'
import { jobTenantIdentity, withTenant } from '#sdk'
import { fetchSearchVolumes, KeywordVolumeError } from '../services/dataforseo_client.js'
import {
  recordVolumes,
  volumePlan,
  type VolumeOutcome,
} from '../services/keyword_volume_service.js'

/**
 * `strategy/fetch_keyword_volumes`: reads a keyword research's keywords and
 * the provider credentials (one short tenant transaction), asks DataForSEO
 * for their search volumes with no transaction open, then merges the volumes
 * (or records the provider's failure) in a new transaction.
 */
const fetchKeywordVolumes: Task = async (rawPayload, helpers) => {
  const payload = rawPayload as { research_id: string } & Record<string, unknown>
  const identity = jobTenantIdentity(payload, helpers.job.task_identifier)
  const plan = await withTenant(identity, () => volumePlan(payload.research_id))
  if (!plan) return
  let outcome: VolumeOutcome
  try {
    outcome = { ok: true, volumes: await fetchSearchVolumes(plan.request, plan.keywords) }
  } catch (error) {
    if (!(error instanceof KeywordVolumeError)) throw error
    outcome = { ok: false, error: error.message, http_status: error.httpStatus }
  }
  await withTenant(identity, () => recordVolumes(payload.research_id, outcome))
  helpers.logger.info(
    `strategy: keyword volumes of ${payload.research_id}: ${outcome.ok ? `${outcome.volumes.size} known` : outcome.error}`
  )
}

export default fetchKeywordVolumes
