import { column, defineResource } from '#sdk'
import { CAMPAIGN_STATUSES, CAMPAIGN_TYPES } from '../validators/campaign_validator.js'

/**
 * A campaign (seed table `campaigns`) as the API reads and writes it: the
 * select list (budgets as JSON numbers), `CampaignRow`, the `Campaign`
 * OpenAPI schema and the writable fields derive from it. The input rules stay
 * in validators/campaign_validator.ts.
 */
export const campaignResource = defineResource({
  name: 'Campaign',
  table: 'campaigns',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid().required(),
    created_by: column.uuid().nullable(),
    name: column.text().required().writable(),
    description: column.text().nullable().writable(),
    type: column
      .enum(CAMPAIGN_TYPES)
      .nullable()
      .writable()
      .openapi({ type: ['string', 'null'] }),
    channel: column.text().nullable().writable(),
    status: column.enum(CAMPAIGN_STATUSES).required().writable().openapi({ type: 'string' }),
    total_budget: column.numeric().required().writable(),
    budget_allocated: column.numeric().writable(),
    budget_spent: column.numeric().required().writable(),
    start_date: column.timestamp().nullable().writable(),
    end_date: column.timestamp().nullable().writable(),
    primary_objective: column.text().nullable().writable(),
    target_audience: column.text().nullable().writable(),
    channels: column
      .jsonb<string[]>()
      .writable()
      .openapi({ type: 'array', items: { type: 'string' } }),
    demographics: column.jsonb().writable(),
    kpi_targets: column.jsonb().writable(),
    content: column.jsonb().writable(),
    settings: column.jsonb().writable(),
    metrics: column.jsonb().writable(),
    auto_managed: column.boolean().writable(),
    metadata: column.jsonb().writable(),
    created_at: column.timestamp().required(),
    updated_at: column.timestamp(),
  },
})

/** A campaign row as the API returns it. */
export type CampaignRow = typeof campaignResource.$row
