import { column, defineResource } from '#sdk'

/**
 * A scoring rule (table `lead_scoring_rules`) as the API reads and writes it.
 * `conditions` is written by the controller once the scoring engine has
 * checked it, and `category` defaults from the conditions on create.
 */
export const scoringRuleResource = defineResource({
  name: 'LeadScoringRule',
  table: 'lead_scoring_rules',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid(),
    rule_name: column.text().required().writable(),
    description: column.text().nullable().writable(),
    category: column
      .enum(['fit', 'engagement'] as const)
      .required()
      .writable(),
    conditions: column.jsonb().required().openapi({
      description:
        '{"all": [...]} or {"any": [...]}: field conditions {field, op, value} and activity conditions {activity, min_count, within_days}',
    }),
    score_weight: column.integer().required().writable().openapi({ minimum: -100, maximum: 100 }),
    half_life_days: column.integer().nullable().writable(),
    is_active: column.boolean().required().writable(),
    created_by: column.uuid().nullable(),
    created_at: column.timestamp(),
    updated_at: column.timestamp(),
  },
})
