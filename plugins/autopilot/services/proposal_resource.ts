import { column, defineResource } from '#sdk'

/** Statuses of a proposal in the approval queue. */
export const PROPOSAL_STATUSES = ['pending', 'applied', 'rejected', 'superseded'] as const

/**
 * A budget proposal in the approval queue (table `autopilot_proposals`): what
 * the allocator wanted, what the guard rails allow, who decided and when, and
 * what applying it changed.
 */
export const proposalResource = defineResource({
  name: 'AutopilotProposal',
  table: 'autopilot_proposals',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid().required(),
    autopilot_config_id: column.uuid().required(),
    run_id: column.uuid().nullable().required(),
    kind: column.enum(['budget_change', 'pause_channel'] as const).required(),
    channel: column.text().required(),
    status: column.enum(PROPOSAL_STATUSES).required(),
    current_daily_budget: column.numeric().required(),
    proposed_daily_budget: column.numeric().required(),
    requires_approval: column.boolean().required(),
    rationale: column.jsonb().required(),
    application: column.jsonb().nullable().required(),
    decided_by: column.uuid().nullable().required(),
    decided_by_end_user_id: column
      .uuid()
      .nullable()
      .required()
      .openapi({ description: 'The embed end user who decided (`<aip-autopilot-inbox>`), if any' }),
    decided_at: column.timestamp().nullable().required(),
    decision_note: column.text().nullable().required(),
    applied_at: column.timestamp().nullable().required(),
    created_at: column.timestamp().required(),
    updated_at: column.timestamp().required(),
  },
})

/** A proposal row as selected. */
export type ProposalRow = typeof proposalResource.$row
