import { column, defineResource } from '#sdk'

/**
 * A brand positioning analysis (seed table `brand_positioning_analyses`, 3Cs)
 * as the API returns it, with its citations, limitations, active flag and
 * current version.
 */
export const positioningResource = defineResource({
  name: 'BrandPositioningAnalysis',
  table: 'brand_positioning_analyses',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid().required(),
    user_id: column.uuid().nullable(),
    positioning_statement: column.text().required(),
    differentiators: column
      .jsonb<string[]>()
      .required()
      .openapi({ type: 'array', items: { type: 'string' } }),
    brand_tone: column.jsonb().required(),
    three_cs_analysis: column.jsonb().required(),
    recommendations: column
      .jsonb<string[]>()
      .required()
      .openapi({ type: 'array', items: { type: 'string' } }),
    input_data: column.jsonb().required(),
    citations: column
      .jsonb<Record<string, unknown>[]>()
      .required()
      .openapi({ type: 'array', items: { type: 'object' } }),
    limitations: column
      .jsonb<string[]>()
      .required()
      .openapi({ type: 'array', items: { type: 'string' } }),
    is_active: column.boolean().required(),
    current_version: column.integer().required(),
    created_at: column.timestamp().required(),
    updated_at: column.timestamp().required(),
  },
})

/** A positioning analysis row. */
export type PositioningRow = typeof positioningResource.$row
