import { column, defineResource } from '#sdk'

/**
 * A keyword research (seed table `keyword_research`): candidate keywords with
 * their TF-IDF score, intent and cluster, the clusters, and the sources read.
 */
export const keywordResearchResource = defineResource({
  name: 'KeywordResearch',
  table: 'keyword_research',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid().required(),
    created_by: column.uuid().nullable(),
    query: column.text().required(),
    keywords: column
      .jsonb<Record<string, unknown>[]>()
      .required()
      .openapi({ type: 'array', items: { type: 'object' } }),
    clusters: column
      .jsonb<Record<string, unknown>[]>()
      .required()
      .openapi({ type: 'array', items: { type: 'object' } }),
    sources: column.jsonb().required(),
    created_at: column.timestamp().required(),
    updated_at: column.timestamp().required(),
  },
})

/** A keyword research row. */
export type KeywordResearchRow = typeof keywordResearchResource.$row
