import vine from '@vinejs/vine'

const ruleFields = {
  description: vine.string().trim().maxLength(1000).nullable().optional(),
  category: vine.enum(['fit', 'engagement'] as const).optional(),
  half_life_days: vine.number().withoutDecimals().range([1, 3650]).nullable().optional(),
  is_active: vine.boolean().optional(),
}

/**
 * Body of POST /v1/leads/scoring-rules. `conditions` is checked further by
 * the scoring engine (see docs/guide/leads.md for its format).
 */
export const createRuleValidator = vine.create({
  ...ruleFields,
  rule_name: vine.string().trim().minLength(1).maxLength(200),
  conditions: vine.record(vine.any()),
  score_weight: vine.number().withoutDecimals().range([-100, 100]),
})

/** Body of PATCH /v1/leads/scoring-rules/:id. */
export const updateRuleValidator = vine.create({
  ...ruleFields,
  rule_name: vine.string().trim().minLength(1).maxLength(200).optional(),
  conditions: vine.record(vine.any()).optional(),
  score_weight: vine.number().withoutDecimals().range([-100, 100]).optional(),
})
