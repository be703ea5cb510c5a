import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * `lead_scores.rule_signature` and `score_state`: what a stored explanation
 * was built from (a digest of the rule set, and the lead's per-rule points,
 * decay factors and activity times). A rescoring compares them and rewrites
 * only the rows that changed instead of every lead of the workspace.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`
      alter table public.lead_scores
        add column rule_signature text,
        add column score_state numeric[];
    `)
  }

  async down() {
    this.schema.raw(`
      alter table public.lead_scores drop column if exists rule_signature, drop column if exists score_state;
    `)
  }
}
