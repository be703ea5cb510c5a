import { column, defineResource } from '#sdk'

/** The kinds of analysis that keep a version history. */
export const ANALYSIS_TYPES = ['positioning', 'funnel', 'kpi_framework'] as const
/** One of ANALYSIS_TYPES. */
export type AnalysisType = (typeof ANALYSIS_TYPES)[number]

/** One version of an analysis: what it said then, and where that came from. */
export const analysisVersionResource = defineResource({
  name: 'StrategyAnalysisVersion',
  table: 'strategy_analysis_versions',
  columns: {
    id: column.uuid().required(),
    analysis_type: column.enum(ANALYSIS_TYPES).required(),
    analysis_id: column.uuid().required(),
    version: column.integer().required(),
    origin: column.enum(['generated', 'regenerated', 'edited'] as const).required(),
    content: column.jsonb().required(),
    citations: column
      .jsonb<Record<string, unknown>[]>()
      .required()
      .openapi({ type: 'array', items: { type: 'object' } }),
    created_by: column.uuid().nullable(),
    created_at: column.timestamp().required(),
  },
})

/** A version row. */
export type AnalysisVersionRow = typeof analysisVersionResource.$row
