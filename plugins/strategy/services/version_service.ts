import { Problem, rawQuery, tenant } from '#sdk'
import {
  analysisVersionResource,
  type AnalysisType,
  type AnalysisVersionRow,
} from './analysis_version_resource.js'

/** How a version came to be. */
export type VersionOrigin = 'generated' | 'regenerated' | 'edited'

/**
 * Records a new version of an analysis (the next number after its highest)
 * in the current transaction and returns its number. Called by every write
 * that changes an analysis's content, so the history is complete.
 */
export async function recordVersion(
  type: AnalysisType,
  analysisId: string,
  origin: VersionOrigin,
  content: Record<string, unknown>,
  citations: unknown[] = []
): Promise<number> {
  const { trx, workspaceId, userId } = tenant()
  const result = await rawQuery<{ version: number }>(
    trx,
    `insert into strategy_analysis_versions
       (workspace_id, analysis_type, analysis_id, version, origin, content, citations, created_by)
     select ?, ?, ?, coalesce(max(version), 0) + 1, ?, ?::jsonb, ?::jsonb, ?
       from strategy_analysis_versions where analysis_type = ? and analysis_id = ?
     returning version`,
    [
      workspaceId,
      type,
      analysisId,
      origin,
      JSON.stringify(content),
      JSON.stringify(citations),
      userId,
      type,
      analysisId,
    ]
  )
  return result.rows[0].version
}

/** Every version of an analysis, oldest first. */
export async function listVersions(type: AnalysisType, analysisId: string) {
  return analysisVersionResource
    .query()
    .where({ analysis_type: type, analysis_id: analysisId })
    .orderBy('version', 'asc')
}

/** One version of an analysis, or a 404 naming it. */
async function findVersion(type: AnalysisType, analysisId: string, version: number) {
  const row = await analysisVersionResource
    .query()
    .where({ analysis_type: type, analysis_id: analysisId, version })
    .first()
  if (!row) throw Problem.notFound(`Version ${version}`)
  return row as AnalysisVersionRow
}

/** One change between two versions: a JSON path and its values before and after. */
export interface VersionChange {
  path: string
  op: 'added' | 'removed' | 'changed'
  before?: unknown
  after?: unknown
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * The structural difference of two JSON values: objects compared key by key,
 * arrays index by index, anything else by value. Paths use `a.b[2].c`.
 */
export function diffJson(before: unknown, after: unknown, path = ''): VersionChange[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()
    return keys.flatMap((key) => {
      const at = path ? `${path}.${key}` : key
      if (!(key in before)) return [{ path: at, op: 'added' as const, after: after[key] }]
      if (!(key in after)) return [{ path: at, op: 'removed' as const, before: before[key] }]
      return diffJson(before[key], after[key], at)
    })
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const changes: VersionChange[] = []
    for (let index = 0; index < Math.max(before.length, after.length); index++) {
      const at = `${path}[${index}]`
      if (index >= before.length) changes.push({ path: at, op: 'added', after: after[index] })
      else if (index >= after.length)
        changes.push({ path: at, op: 'removed', before: before[index] })
      else changes.push(...diffJson(before[index], after[index], at))
    }
    return changes
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return []
  return [{ path, op: 'changed', before, after }]
}

/** The difference between two versions of an analysis (404 for a version it does not have). */
export async function diffVersions(
  type: AnalysisType,
  analysisId: string,
  from: number,
  to: number
) {
  const [older, newer] = await Promise.all([
    findVersion(type, analysisId, from),
    findVersion(type, analysisId, to),
  ])
  return {
    analysis_type: type,
    analysis_id: analysisId,
    from,
    to,
    changes: diffJson(older.content, newer.content),
  }
}

/** Deletes the version history of an analysis (with the analysis, same transaction). */
export async function deleteVersions(type: AnalysisType, analysisId: string) {
  await tenant()
    .trx.from('strategy_analysis_versions')
    .where({ analysis_type: type, analysis_id: analysisId })
    .delete()
}
