import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { Problem, enqueue, emitEvent, tenant } from '#sdk'
import { campaignResource, type CampaignRow } from './campaign_resource.js'

/** Lifecycle states of a campaign. */
export type CampaignStatus = 'draft' | 'active' | 'paused' | 'completed'

/**
 * Allowed status changes: draft → active ⇄ paused, active or paused →
 * completed. Completed is final.
 */
export const CAMPAIGN_TRANSITIONS: Record<CampaignStatus, CampaignStatus[]> = {
  draft: ['active'],
  active: ['paused', 'completed'],
  paused: ['active', 'completed'],
  completed: [],
}

/** 409 for a status change the lifecycle does not allow, saying what is allowed. */
export function invalidTransition(from: CampaignStatus, to: CampaignStatus) {
  const allowed = CAMPAIGN_TRANSITIONS[from]
  const detail =
    from === 'completed'
      ? `The campaign is completed, which is final: it cannot become ${to}`
      : `A ${from} campaign cannot become ${to}; allowed: ${allowed.join(', ')}`
  return new Problem(409, 'invalid-transition', 'Invalid status transition', detail)
}

/**
 * Writes need at least the member role: viewers read. The database enforces
 * it too (RLS insert/update/delete policies need `member`); checking first
 * gives viewers a clear 403 instead of a row that is simply not found.
 */
export function assertCanWrite() {
  if (tenant().workspaceRole === 'viewer') {
    throw Problem.forbidden('Viewers can read campaigns but not change them')
  }
}

/** The campaign with this id in the current workspace (RLS), or 404. `forUpdate` locks the row. */
export async function findCampaign(
  id: string,
  options: { forUpdate?: boolean; trx?: TransactionClientContract } = {}
): Promise<CampaignRow> {
  const trx = options.trx ?? tenant().trx
  const query = campaignResource.query(trx).where('id', id)
  if (options.forUpdate) query.forUpdate()
  const row = await query.first()
  if (!row) throw Problem.notFound('Campaign')
  return row
}

/** Checks the budget and date rules on the values a campaign would have after a write. */
export function checkCampaignRules(
  next: {
    total_budget: number
    budget_spent: number
    start_date: string | Date | null
    end_date: string | Date | null
  },
  allowOverspend: boolean
) {
  if (next.budget_spent > next.total_budget && !allowOverspend) {
    throw Problem.invalidField(
      'budget_spent',
      `budget_spent (${next.budget_spent}) would exceed total_budget (${next.total_budget}); send "allow_overspend": true to record an overspend on purpose`,
      'budget'
    )
  }
  if (next.start_date && next.end_date) {
    if (new Date(next.start_date).getTime() > new Date(next.end_date).getTime()) {
      throw Problem.invalidField('end_date', 'end_date must not be before start_date', 'after')
    }
  }
}

/** Turns a unique violation on the name into a clear 409; rethrows anything else. */
export function duplicateNameProblem(error: unknown, name: string | undefined): never {
  const candidate = error as { code?: string; constraint?: string }
  if (
    candidate?.code === '23505' &&
    candidate.constraint === 'idx_campaigns_name_workspace_unique'
  ) {
    throw Problem.conflict(`A campaign named "${name}" already exists in this workspace`)
  }
  throw error
}

/**
 * What happens when a campaign changes status, in the same transaction: the
 * `campaign.status_changed` webhook event goes to the outbox, and a completed
 * campaign gets its forecasts scored against what happened (job). Both exist
 * only if the change commits.
 */
export async function onStatusChanged(
  campaign: CampaignRow,
  from: CampaignStatus,
  to: CampaignStatus
) {
  await emitEvent('campaign.status_changed', {
    campaign_id: campaign.id,
    name: campaign.name,
    from,
    to,
    changed_at: new Date(campaign.updated_at).toISOString(),
  })
  if (to === 'completed') {
    await enqueue(
      'campaigns/evaluate_predictions',
      { campaign_id: campaign.id },
      { jobKey: `evaluate_predictions:${campaign.id}` }
    )
  }
}

/**
 * The campaigns that run in a period (not completed, dates overlapping it or
 * open), most recently changed first: what the content plugin plans a month
 * of calendar entries around.
 */
export async function campaignsForPlanning(
  from: Date,
  to: Date,
  limit = 20
): Promise<CampaignRow[]> {
  return campaignResource
    .query()
    .whereIn('status', ['draft', 'active', 'paused'])
    .where((query) => query.whereNull('start_date').orWhere('start_date', '<', to))
    .where((query) => query.whereNull('end_date').orWhere('end_date', '>=', from))
    .orderBy('updated_at', 'desc')
    .limit(limit)
}

/** A campaign and its tasks as another plugin asks to create them together. */
export interface CampaignWithTasksInput {
  campaign: {
    name: string
    description?: string | null
    type?: string | null
    channel?: string | null
    channels?: string[]
    total_budget?: number
    primary_objective?: string | null
    target_audience?: string | null
    kpi_targets?: Record<string, unknown>
    metadata?: Record<string, unknown>
    start_date?: string | null
    end_date?: string | null
  }
  tasks: Array<{
    title: string
    description?: string | null
    priority?: 'low' | 'medium' | 'high' | 'urgent'
    due_date?: string | null
  }>
}

/**
 * Creates a draft campaign and its tasks in the current transaction (the
 * strategy copilot's "save"): either both exist after the commit or neither
 * does. The database checks every value; a taken name is a 409.
 */
export async function createCampaignWithTasks(input: CampaignWithTasksInput) {
  assertCanWrite()
  const { trx, workspaceId, userId } = tenant()
  const budget = input.campaign.total_budget ?? 0
  checkCampaignRules(
    {
      total_budget: budget,
      budget_spent: 0,
      start_date: input.campaign.start_date ?? null,
      end_date: input.campaign.end_date ?? null,
    },
    false
  )
  let inserted: { id: string }
  try {
    ;[inserted] = await trx
      .insertQuery()
      .table('campaigns')
      .insert({
        ...campaignResource.values({ ...input.campaign, status: 'draft' }, 'create'),
        workspace_id: workspaceId,
        created_by: userId,
      })
      .returning('id')
  } catch (error) {
    duplicateNameProblem(error, input.campaign.name)
  }
  if (input.tasks.length) {
    await trx
      .insertQuery()
      .table('campaign_tasks')
      .multiInsert(
        input.tasks.map((task) => ({
          workspace_id: workspaceId,
          campaign_id: inserted.id,
          created_by: userId,
          title: task.title,
          description: task.description ?? null,
          priority: task.priority ?? 'medium',
          due_date: task.due_date ?? null,
        }))
      )
  }
  const campaign = await findCampaign(inserted.id)
  const tasks = await trx
    .from('campaign_tasks')
    .select('id', 'title', 'priority', 'due_date', 'status')
    .where('campaign_id', campaign.id)
    .orderBy('created_at')
  return { campaign, tasks }
}
