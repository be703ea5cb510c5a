import type { DatabaseQueryBuilderContract } from '@adonisjs/lucid/types/querybuilder'
import type { Infer } from '@vinejs/vine/types'
import { Problem } from '#sdk'
import type { exportLeadsValidator } from '../validators/lead_validator.js'
import { normalizeTags } from './lead_resource.js'
import { parseClientDate } from './dates.js'

/** Filters of the lead list and export, as `leadFilters` validates them. */
export type LeadFilters = Infer<typeof exportLeadsValidator>

/** Date of a filter, or a 422 naming the field. */
function filterDate(field: string, value: string) {
  const date = parseClientDate(value)
  if (!date) throw Problem.invalidField(field, `${field} is not a valid date`)
  return date.toISOString()
}

/**
 * Turns a search text into a prefix tsquery (`ada:* & love:*`): every word
 * must match the start of a word of the name, e-mail or company.
 */
export function prefixQuery(text: string): string | null {
  const words = text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 10)
  return words.length ? words.map((word) => `${word}:*`).join(' & ') : null
}

/** Applies the filters to a query on `leads`; RLS already limits it to the workspace. */
export function applyLeadFilters(
  query: DatabaseQueryBuilderContract<any>,
  workspaceId: string,
  filters: LeadFilters
) {
  query.where('workspace_id', workspaceId)
  if (filters.status) query.where('status', filters.status)
  if (filters.source) query.where('source', filters.source)
  if (filters.score_min !== undefined) query.where('lead_score', '>=', filters.score_min)
  if (filters.score_max !== undefined) query.where('lead_score', '<=', filters.score_max)
  if (
    filters.score_min !== undefined &&
    filters.score_max !== undefined &&
    filters.score_min > filters.score_max
  ) {
    throw Problem.invalidField('score_min', 'score_min must not be above score_max', 'range')
  }
  if (filters.tags) {
    const tags = normalizeTags(filters.tags.split(','))
    if (tags.length) query.whereRaw('tags @> ?::text[]', [tags])
  }
  if (filters.company) {
    query.whereRaw(`strpos(lower(company), lower(?)) > 0`, [filters.company])
  }
  const after = filters.created_after && filterDate('created_after', filters.created_after)
  const before = filters.created_before && filterDate('created_before', filters.created_before)
  if (after && before && after > before) {
    throw Problem.invalidField(
      'created_before',
      'created_before must not be before created_after',
      'range'
    )
  }
  if (after) query.where('created_at', '>=', after)
  if (before) query.where('created_at', '<', before)
  if (filters.q) {
    const tsquery = prefixQuery(filters.q)
    if (!tsquery) throw Problem.invalidField('q', 'q must contain at least one letter or digit')
    query.whereRaw(`search_vector @@ to_tsquery('simple', ?)`, [tsquery])
  }
  return query
}
