import type { Task } from 'graphile-worker'
import { jobTenantIdentity, withTenant } from '#sdk'
import { fetchPlan, recordFetches } from '../services/competitive_gap_service.js'
import { fetchPage, type FetchedPage } from '../services/page_fetcher.js'

/**
 * `strategy/fetch_competitors`: reads which pages an analysis watches (one
 * short tenant transaction), fetches them with no transaction open (SSRF
 * guard, size and time limits), then records the snapshots and the gaps in a
 * new transaction.
 */
const fetchCompetitors: Task = async (rawPayload, helpers) => {
  const payload = rawPayload as { analysis_id: string } & Record<string, unknown>
  const identity = jobTenantIdentity(payload, helpers.job.task_identifier)
  const competitors = await withTenant(identity, () => fetchPlan(payload.analysis_id))
  if (!competitors) return
  const pages: Array<{ name: string; page: FetchedPage }> = []
  for (const competitor of competitors) {
    pages.push({ name: competitor.name, page: await fetchPage(competitor.url) })
  }
  await withTenant(identity, () => recordFetches(payload.analysis_id, pages))
  helpers.logger.info(
    `strategy: fetched ${pages.length} competitor pages for ${payload.analysis_id}`
  )
}

export default fetchCompetitors
