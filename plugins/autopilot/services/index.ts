/*
| The plugin's public face: the ONLY file other modules and plugins may import
| (as `#plugins/autopilot/services/index`), so everything else can change freely.
*/
/** The workspace's autopilot configuration (null without one), e.g. to show whether it is active. */
export { findConfig } from './config_service.js'
export type { ConfigRow } from './config_resource.js'
/** The pure budget planner (allocator under guard rails), for simulations such as the bench. */
export { planBudget } from './budget_plan.js'
export type { BudgetPlan, PlannedDecision } from './budget_plan.js'
