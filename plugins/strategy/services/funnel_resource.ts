import { column, defineResource } from '#sdk'

/**
 * A funnel design (seed table `funnel_designs`): stages with volumes and
 * conversion rates, each measured from the workspace's data or marked as an
 * assumption.
 */
export const funnelResource = defineResource({
  name: 'FunnelDesign',
  table: 'funnel_designs',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid().required(),
    user_id: column.uuid().nullable(),
    business_type: column.text().required(),
    funnel_structure: column.jsonb().required(),
    input_data: column.jsonb().required(),
    citations: column
      .jsonb<Record<string, unknown>[]>()
      .required()
      .openapi({ type: 'array', items: { type: 'object' } }),
    limitations: column
      .jsonb<string[]>()
      .required()
      .openapi({ type: 'array', items: { type: 'string' } }),
    current_version: column.integer().required(),
    created_at: column.timestamp().required(),
    updated_at: column.timestamp().required(),
  },
})

/** A funnel design row. */
export type FunnelRow = typeof funnelResource.$row
