import { column, defineResource } from '#sdk'

/**
 * A campaign copilot session (seed table `campaign_copilot_sessions`): the
 * brief, the generated campaign, the interaction history and, once saved, the
 * campaign it became. Private to its user.
 */
export const copilotSessionResource = defineResource({
  name: 'CampaignCopilotSession',
  table: 'campaign_copilot_sessions',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid().required(),
    user_id: column.uuid().required(),
    brief_data: column.jsonb().required(),
    generated_campaign: column.jsonb().nullable(),
    interaction_history: column
      .jsonb<Record<string, unknown>[]>()
      .required()
      .openapi({ type: 'array', items: { type: 'object' } }),
    status: column.enum(['active', 'completed', 'saved'] as const).required(),
    campaign_id: column.uuid().nullable(),
    created_at: column.timestamp().required(),
    updated_at: column.timestamp().required(),
  },
})

/** A copilot session row. */
export type CopilotSessionRow = typeof copilotSessionResource.$row
