import { column, defineResource } from '#sdk'

/**
 * A competitive gap analysis (seed table `competitive_gap_analyses`): gaps
 * (messaging, channel, audience, content) and an ownable differentiator, each
 * pointing at the snapshot text it came from.
 */
export const competitiveGapResource = defineResource({
  name: 'CompetitiveGapAnalysis',
  table: 'competitive_gap_analyses',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid().required(),
    user_id: column.uuid().nullable(),
    our_brand: column.text().required(),
    competitors: column.textArray().required(),
    gap_analysis: column.jsonb().required(),
    ownable_differentiator: column.jsonb().required(),
    input_data: column.jsonb().required(),
    limitations: column
      .jsonb<string[]>()
      .required()
      .openapi({ type: 'array', items: { type: 'string' } }),
    status: column.enum(['fetching', 'ready', 'failed'] as const).required(),
    last_fetched_at: column.timestamp().nullable(),
    created_at: column.timestamp().required(),
    updated_at: column.timestamp().required(),
  },
})

/** A competitive gap analysis row. */
export type CompetitiveGapRow = typeof competitiveGapResource.$row

/** One fetch of a competitor page. */
export const competitorSnapshotResource = defineResource({
  name: 'CompetitorSnapshot',
  table: 'competitor_snapshots',
  columns: {
    id: column.uuid().required(),
    analysis_id: column.uuid().required(),
    competitor: column.text().required(),
    url: column.text().required(),
    status: column.enum(['ok', 'failed'] as const).required(),
    http_status: column.integer().nullable(),
    content_hash: column.text().nullable(),
    content: column.text().required(),
    changed: column.boolean().nullable(),
    changes: column.jsonb().required(),
    error: column.text().nullable(),
    fetched_at: column.timestamp().required(),
  },
})

/** A snapshot row. */
export type CompetitorSnapshotRow = typeof competitorSnapshotResource.$row
