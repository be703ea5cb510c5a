import { createHash } from 'node:crypto'
import { emitEvent, enqueue, keysetPage, NEWEST_FIRST, Problem, tenant } from '#sdk'
import {
  competitiveGapResource,
  competitorSnapshotResource,
  type CompetitiveGapRow,
} from './competitive_gap_resource.js'
import { findGaps, ownableDifferentiator, pageChanges } from './gap_analysis.js'
import { activePositioning } from './positioning_service.js'
import type { FetchedPage } from './page_fetcher.js'

/** What a competitive gap analysis is asked for (validators/strategy_validator.ts). */
export interface CompetitiveGapInput {
  our_brand: string
  our_description?: string
  competitors: Array<{ name: string; url: string }>
}

/** The analysis with this id in the current workspace, or 404. */
export async function findCompetitiveGap(id: string): Promise<CompetitiveGapRow> {
  const row = await competitiveGapResource.query().where('id', id).first()
  if (!row) throw Problem.notFound('Competitive gap analysis')
  return row
}

/** Queues the fetch of an analysis's competitor pages (a job: no transaction waits on the network). */
async function queueFetch(id: string) {
  await enqueue(
    'strategy/fetch_competitors',
    { analysis_id: id },
    { jobKey: `strategy_fetch:${id}` }
  )
}

/** Creates an analysis in `fetching` state and queues the fetch of its pages. */
export async function createCompetitiveGap(input: CompetitiveGapInput) {
  const { trx, workspaceId, userId } = tenant()
  const [row] = await trx
    .insertQuery()
    .table('competitive_gap_analyses')
    .insert({
      workspace_id: workspaceId,
      user_id: userId,
      our_brand: input.our_brand,
      competitors: input.competitors.map((c) => c.name),
      input_data: JSON.stringify(input),
    })
    .returning('id')
  await queueFetch(row.id)
  return findCompetitiveGap(row.id)
}

/** Fetches the pages again (the weekly job does the same). */
export async function refreshCompetitiveGap(id: string) {
  await findCompetitiveGap(id)
  await tenant().trx.from('competitive_gap_analyses').where('id', id).update({ status: 'fetching' })
  await queueFetch(id)
  return findCompetitiveGap(id)
}

/** A page of the workspace's analyses. */
export function listCompetitiveGaps(query: { limit?: number; cursor?: string }) {
  return keysetPage(competitiveGapResource.query(), { ...query, ...NEWEST_FIRST })
}

/** The snapshots of an analysis, newest first. */
export async function listSnapshots(id: string) {
  await findCompetitiveGap(id)
  return competitorSnapshotResource
    .query()
    .where('analysis_id', id)
    .orderBy('fetched_at', 'desc')
    .orderBy('id', 'desc')
}

/** Deletes an analysis and its snapshots. */
export async function deleteCompetitiveGap(id: string) {
  const deleted = await tenant().trx.from('competitive_gap_analyses').where('id', id).delete()
  if (!deleted) throw Problem.notFound('Competitive gap analysis')
}

/** What the fetch job reads before going to the network. */
export async function fetchPlan(id: string) {
  const row = await competitiveGapResource.query().where('id', id).first()
  if (!row) return null
  return (row.input_data as unknown as CompetitiveGapInput).competitors
}

const hash = (text: string) => createHash('sha256').update(text).digest('hex')

/**
 * Stores the fetched pages as snapshots (with what changed since the previous
 * fetch of each URL), then analyses the gaps between the latest good
 * snapshots and our own material (the request's description and the active
 * positioning). Runs in a tenant transaction after the fetches completed.
 */
export async function recordFetches(id: string, pages: Array<{ name: string; page: FetchedPage }>) {
  const analysis = await competitiveGapResource.query().where('id', id).forUpdate().first()
  if (!analysis) return
  const { trx, workspaceId } = tenant()
  const snapshots: Array<{ id: string; competitor: string; text: string }> = []
  for (const { name, page } of pages) {
    const previous = await trx
      .from('competitor_snapshots')
      .select('content', 'content_hash')
      .where({ analysis_id: id, url: page.url, status: 'ok' })
      .orderBy('fetched_at', 'desc')
      .first()
    const text = page.ok ? page.text : ''
    const contentHash = page.ok ? hash(text) : null
    const changed = page.ok && previous ? previous.content_hash !== contentHash : null
    const changes = changed ? pageChanges(previous.content, text) : {}
    const [row] = await trx
      .insertQuery()
      .table('competitor_snapshots')
      .insert({
        workspace_id: workspaceId,
        analysis_id: id,
        competitor: name,
        url: page.url,
        status: page.ok ? 'ok' : 'failed',
        http_status: page.status,
        content_hash: contentHash,
        content: text,
        changed,
        changes: JSON.stringify(changes),
        error: page.ok ? null : page.error,
      })
      .returning('id')
    if (page.ok) snapshots.push({ id: row.id, competitor: name, text })
    if (changed) {
      await emitEvent('strategy.competitor_page.changed', {
        analysis_id: id,
        snapshot_id: row.id,
        competitor: name,
        url: page.url,
      })
    }
  }
  const input = analysis.input_data as unknown as CompetitiveGapInput
  const positioning = await activePositioning()
  const ours = [
    input.our_brand,
    input.our_description,
    positioning?.positioning_statement,
    ...(positioning?.differentiators ?? []),
  ]
    .filter(Boolean)
    .join('. ')
  const limitations: string[] = []
  const failed = pages.filter(({ page }) => !page.ok)
  for (const { name, page } of failed) limitations.push(`${name}: ${page.ok ? '' : page.error}`)
  if (!positioning && !input.our_description) {
    limitations.push(
      'No description and no active positioning: our side is the brand name only, so nearly everything competitors say is a gap.'
    )
  }
  const differentiator = snapshots.length ? ownableDifferentiator(ours, snapshots) : null
  if (snapshots.length && !differentiator)
    limitations.push(
      'Every term of our material appears on a competitor page: no ownable differentiator found.'
    )
  await trx
    .from('competitive_gap_analyses')
    .where('id', id)
    .update({
      gap_analysis: JSON.stringify({ gaps: snapshots.length ? findGaps(ours, snapshots) : [] }),
      ownable_differentiator: JSON.stringify(differentiator ?? {}),
      limitations: JSON.stringify(limitations),
      status: snapshots.length ? 'ready' : 'failed',
      last_fetched_at: new Date(),
    })
}
