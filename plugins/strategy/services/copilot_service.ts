import { aiGateway, emitEvent, enqueue, Problem, tenant } from '#sdk'
import { createCampaignWithTasks, metricTotalsByChannel } from '#plugins/campaigns/services/index'
import { recordFeedback } from '#modules/chat/services/index'
import { COPILOT_PLAN_SCHEMA } from './analysis_schemas.js'
import { copilotSessionResource, type CopilotSessionRow } from './copilot_session_resource.js'
import { activePositioning } from './positioning_service.js'
import { learnedChannelPreferences } from './copilot_learning.js'

/** The agent name under which copilot feedback and learning are stored. */
export const COPILOT_AGENT = 'strategy_copilot'

/** A campaign brief (validators/copilot_validator.ts). */
export interface CopilotBrief {
  objective: string
  product?: string
  audience?: string
  budget?: number
  channels?: string[]
  duration_weeks?: number
  provider?: string
  model?: string
}

/** A generated campaign plan. */
export interface CampaignPlan {
  name: string
  objectives: string[]
  audience: string
  channels: string[]
  budget_split: Array<{ channel: string; share: number; amount: number; basis: string }>
  tasks: Array<{
    title: string
    priority: 'low' | 'medium' | 'high' | 'urgent'
    due_in_days: number
  }>
  kpis: Array<{ metric: string; target: number | null; basis: string }>
  grounding: { channel_data: boolean; learned_preferences: boolean; positioning_id: string | null }
}

/** Channels considered when neither the brief nor the data names any (a documented starting set). */
const STARTING_CHANNELS = ['email', 'linkedin', 'google_ads']

const round = (value: number, digits = 4) => Math.round(value * 10 ** digits) / 10 ** digits

/**
 * The channels and budget split: each channel weighs its measured conversion
 * rate (campaign metrics) times what the workspace's feedback taught (learned
 * success rate); channels the workspace keeps rejecting are dropped unless the
 * brief names them.
 */
async function channelPlan(brief: CopilotBrief) {
  const performance = await metricTotalsByChannel()
  const learned = await learnedChannelPreferences()
  const measured = new Map(
    performance.filter((row) => row.clicks > 0).map((row) => [row.channel, row])
  )
  let candidates = brief.channels?.length
    ? brief.channels
    : [...measured.keys()].filter((c) => c !== 'unassigned')
  if (!candidates.length) candidates = STARTING_CHANNELS
  const explicit = new Set(brief.channels ?? [])
  const scored = candidates
    .map((channel) => {
      const data = measured.get(channel)
      const rate = data ? data.conversions / data.clicks : null
      const preference = learned.get(channel)
      const learnedFactor = preference ? 0.25 + 1.5 * preference.success : 1
      const weight = (rate === null ? 1 : 0.5 + Math.min(rate, 1) * 5) * learnedFactor
      const basis = [
        rate === null ? 'no performance data' : `conversion rate ${(rate * 100).toFixed(1)}%`,
        preference
          ? `learned success ${(preference.success * 100).toFixed(0)}% over ${preference.n} feedback`
          : null,
      ]
        .filter(Boolean)
        .join('; ')
      return {
        channel,
        weight,
        basis,
        drop:
          !explicit.has(channel) &&
          preference !== undefined &&
          preference.n >= 2 &&
          preference.success < 0.2,
      }
    })
    .filter((item) => !item.drop)
    .sort((a, b) => b.weight - a.weight || a.channel.localeCompare(b.channel))
  const total = scored.reduce((sum, item) => sum + item.weight, 0) || 1
  const budget = brief.budget ?? 0
  return {
    channels: scored.map((item) => item.channel),
    budget_split: scored.map((item) => ({
      channel: item.channel,
      share: round(item.weight / total),
      amount: Math.round(((budget * item.weight) / total) * 100) / 100,
      basis: item.basis,
    })),
    channelData: measured.size > 0,
    learned: learned.size > 0,
  }
}

/** KPIs that follow from the objective, targets from the last 30 days where there is data. */
async function kpiPlan(objective: string) {
  const text = objective.toLowerCase()
  const metrics = /lead|signup|sign-up|pipeline/.test(text)
    ? ['leads_created', 'lead_conversion_rate']
    : /aware|reach|brand/.test(text)
      ? ['impressions', 'ctr']
      : ['conversions', 'cpa']
  const since = new Date(Date.now() - 29 * 86_400_000).toISOString().slice(0, 10)
  const rows = await metricTotalsByChannel({ from: since })
  const totals = rows.reduce(
    (s, r) => ({
      impressions: s.impressions + r.impressions,
      clicks: s.clicks + r.clicks,
      conversions: s.conversions + r.conversions,
      cost: s.cost + r.cost,
    }),
    { impressions: 0, clicks: 0, conversions: 0, cost: 0 }
  )
  const current: Record<string, number | null> = {
    impressions: totals.impressions || null,
    ctr: totals.impressions ? totals.clicks / totals.impressions : null,
    conversions: totals.conversions || null,
    cpa: totals.conversions ? totals.cost / totals.conversions : null,
  }
  return metrics.map((metric) => {
    const value = current[metric] ?? null
    if (value === null)
      return {
        metric,
        target: null,
        basis: 'no data in the last 30 days: set a target once data arrives',
      }
    const better = metric === 'cpa' ? 0.9 : 1.2
    return {
      metric,
      target: round(value * better),
      basis: `last 30 days ${round(value)}, ${metric === 'cpa' ? '10% lower' : '20% higher'}`,
    }
  })
}

/** Tasks for the plan's channels and KPIs, spread over the campaign's weeks. */
function taskPlan(
  channels: string[],
  kpis: CampaignPlan['kpis'],
  weeks: number
): CampaignPlan['tasks'] {
  const tasks: CampaignPlan['tasks'] = [
    {
      title: `Set up tracking for ${kpis.map((k) => k.metric).join(', ')}`,
      priority: 'high',
      due_in_days: 2,
    },
  ]
  channels.forEach((channel, index) => {
    tasks.push({
      title: `Prepare ${channel} creative and copy`,
      priority: index === 0 ? 'high' : 'medium',
      due_in_days: 5 + index,
    })
    tasks.push({ title: `Launch on ${channel}`, priority: 'medium', due_in_days: 7 + index })
  })
  tasks.push({
    title: 'Review KPIs against targets and rebalance the budget',
    priority: 'medium',
    due_in_days: Math.max(7, Math.round((weeks * 7) / 2)),
  })
  return tasks
}

/**
 * Generates a campaign plan from a brief: channels, budget split, KPIs and
 * tasks from the workspace's data and learned preferences; name, objectives
 * and audience through the AI gateway's structured output, grounded in the
 * brief and the active positioning.
 */
export async function planCampaign(brief: CopilotBrief): Promise<CampaignPlan> {
  const channels = await channelPlan(brief)
  const kpis = await kpiPlan(brief.objective)
  const positioning = await activePositioning()
  const name = `${brief.product ?? brief.objective}`.slice(0, 120)
  const lines = [`name: ${name}`, `Objective: ${brief.objective}`]
  if (brief.audience) lines.push(`audience: ${brief.audience}`)
  const context = [brief.objective, ...(brief.audience ? [`Audience: ${brief.audience}`] : [])]
  if (positioning) {
    context.push(positioning.positioning_statement)
    const customer = (positioning.three_cs_analysis as { customer?: string }).customer
    if (customer && !brief.audience) lines.push(`audience: ${customer}`)
  }
  const result = await aiGateway.generateObject<{
    name: string
    objectives: string[]
    audience: string
  }>({
    purpose: 'strategy.copilot',
    provider: brief.provider,
    model: brief.model,
    schemaName: 'campaign_plan',
    schema: COPILOT_PLAN_SCHEMA as unknown as Record<string, unknown>,
    system:
      'You are a campaign planner. Name the campaign, state its objectives and audience from the brief and the positioning only.',
    messages: [{ role: 'user', content: lines.join('\n') }],
    context,
  })
  return {
    name: result.object.name,
    objectives: result.object.objectives,
    audience: result.object.audience,
    channels: channels.channels,
    budget_split: channels.budget_split,
    tasks: taskPlan(channels.channels, kpis, brief.duration_weeks ?? 4),
    kpis,
    grounding: {
      channel_data: channels.channelData,
      learned_preferences: channels.learned,
      positioning_id: positioning?.id ?? null,
    },
  }
}

/** The caller's session with this id, or 404 (sessions are private to their user). */
export async function findSession(id: string, forUpdate = false): Promise<CopilotSessionRow> {
  const query = copilotSessionResource.query().where('id', id)
  if (forUpdate) query.forUpdate()
  const row = await query.first()
  if (!row) throw Problem.notFound('Copilot session')
  return row
}

/** Starts a session: stores the brief and the generated plan. */
export async function createSession(brief: CopilotBrief) {
  const plan = await planCampaign(brief)
  const { trx, workspaceId, userId } = tenant()
  const [row] = await trx
    .insertQuery()
    .table('campaign_copilot_sessions')
    .insert({
      workspace_id: workspaceId,
      user_id: userId,
      brief_data: JSON.stringify(brief),
      generated_campaign: JSON.stringify(plan),
      interaction_history: JSON.stringify([{ type: 'generated', at: new Date().toISOString() }]),
    })
    .returning('id')
  return findSession(row.id)
}

/** Generates the plan again for the session's brief (learning applied): recorded in the history. */
export async function regenerateSession(id: string) {
  const before = await findSession(id)
  if (before.status === 'saved') throw Problem.conflict('The session was saved as a campaign')
  const plan = await planCampaign(before.brief_data as unknown as CopilotBrief)
  // A remote model answers with no transaction open: lock and read the session again.
  const session = await findSession(id, true)
  if (session.status === 'saved') throw Problem.conflict('The session was saved as a campaign')
  await tenant()
    .trx.from('campaign_copilot_sessions')
    .where('id', id)
    .update({
      generated_campaign: JSON.stringify(plan),
      interaction_history: JSON.stringify([
        ...session.interaction_history,
        { type: 'regenerated', at: new Date().toISOString() },
      ]),
    })
  return findSession(id)
}

/** Sections of a plan a user may rate or edit. */
export const PLAN_SECTIONS = [
  'plan',
  'name',
  'objectives',
  'audience',
  'channels',
  'budget_split',
  'tasks',
  'kpis',
] as const
/** One of PLAN_SECTIONS. */
export type PlanSection = (typeof PLAN_SECTIONS)[number]

/** Success value of a piece of feedback (as the chat module's learning maps it). */
function successOf(type: string, score?: number) {
  if (score !== undefined) return (score - 1) / 4
  return type === 'approve' ? 1 : type === 'edit' ? 0.5 : 0
}

/**
 * Records the user's rating or edit of a section in ai_interaction_feedback
 * (with each channel's outcome, for learning), applies an edit to the plan,
 * appends it to the interaction history and queues the learning job.
 */
export async function giveFeedback(
  id: string,
  input: {
    section: PlanSection
    interaction_type: 'approve' | 'edit' | 'regenerate' | 'reject'
    feedback_score?: number
    user_modification?: unknown
  }
) {
  const session = await findSession(id, true)
  if (session.status === 'saved') throw Problem.conflict('The session was saved as a campaign')
  const plan = session.generated_campaign as unknown as CampaignPlan
  const original = input.section === 'plan' ? plan : plan[input.section]
  const success = successOf(input.interaction_type, input.feedback_score)
  const outcomes: Record<string, number> = Object.fromEntries(
    plan.channels.map((c) => [c, success])
  )
  let next = plan
  if (input.interaction_type === 'edit') {
    if (input.user_modification === undefined) {
      throw Problem.invalidField(
        'user_modification',
        'An edit must include the user_modification',
        'required'
      )
    }
    next = applyEdit(plan, input.section, input.user_modification)
    if (input.section === 'channels') {
      for (const channel of plan.channels)
        outcomes[channel] = next.channels.includes(channel) ? 1 : 0
      for (const channel of next.channels) outcomes[channel] = 1
    }
  }
  const feedback = await recordFeedback({
    interaction_type: input.interaction_type,
    original_suggestion: original,
    user_modification: input.user_modification,
    feedback_score: input.feedback_score,
    agent_type: COPILOT_AGENT,
    context_data: { copilot_session_id: id, section: input.section, channel_outcomes: outcomes },
  })
  await tenant()
    .trx.from('campaign_copilot_sessions')
    .where('id', id)
    .update({
      generated_campaign: JSON.stringify(next),
      interaction_history: JSON.stringify([
        ...session.interaction_history,
        {
          type: input.interaction_type,
          section: input.section,
          score: input.feedback_score ?? null,
          feedback_id: feedback.id,
          at: new Date().toISOString(),
        },
      ]),
    })
  await enqueue(
    'strategy/learn_copilot_preferences',
    {},
    { jobKey: `strategy_learn:${tenant().workspaceId}` }
  )
  return findSession(id)
}

const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) &&
  value.every((item) => typeof item === 'string' && item.trim().length > 0 && item.length <= 300)

/** Applies a user's edit to one section of a plan; a value of the wrong shape is a 422. */
function applyEdit(plan: CampaignPlan, section: PlanSection, value: unknown): CampaignPlan {
  const bad = (message: string) => Problem.invalidField('user_modification', message, 'shape')
  switch (section) {
    case 'name':
    case 'audience':
      if (typeof value !== 'string' || !value.trim() || value.length > 1000)
        throw bad(`${section} must be a non-empty text`)
      return { ...plan, [section]: value.trim() }
    case 'objectives':
    case 'channels':
      if (!isStringArray(value) || !value.length || value.length > 20)
        throw bad(`${section} must be a list of 1 to 20 texts`)
      if (section === 'channels') {
        const kept = plan.budget_split.filter((row) => value.includes(row.channel))
        const total = kept.reduce((sum, row) => sum + row.share, 0) || 1
        const budget = plan.budget_split.reduce((sum, row) => sum + row.amount, 0)
        const split = value.map((channel) => {
          const row = kept.find((item) => item.channel === channel)
          const share = row ? row.share / total : 0
          return {
            channel,
            share: round(share),
            amount: Math.round(budget * share * 100) / 100,
            basis: row?.basis ?? 'added by the user',
          }
        })
        return { ...plan, channels: value, budget_split: split }
      }
      return { ...plan, objectives: value }
    case 'tasks': {
      const tasks = value as CampaignPlan['tasks']
      if (
        !Array.isArray(tasks) ||
        tasks.length > 100 ||
        !tasks.every(
          (t) =>
            t &&
            typeof t.title === 'string' &&
            t.title.trim() &&
            Number.isInteger(t.due_in_days ?? 0)
        )
      ) {
        throw bad(
          'tasks must be a list of at most 100 objects with a title and a whole due_in_days'
        )
      }
      return {
        ...plan,
        tasks: tasks.map((t) => ({
          title: t.title.trim(),
          priority: (['low', 'medium', 'high', 'urgent'] as const).includes(t.priority)
            ? t.priority
            : 'medium',
          due_in_days: t.due_in_days ?? 7,
        })),
      }
    }
    case 'budget_split':
    case 'kpis':
    case 'plan':
      throw bad(
        `${section} is rated, not edited: edit channels, tasks, name, objectives or audience`
      )
  }
}

/**
 * Saves the session's plan as a real draft campaign with its tasks through
 * the campaigns face, in the request's transaction: the campaign, its tasks
 * and the session's `saved` status commit together or not at all.
 */
export async function saveSession(id: string, overrides: { name?: string; start_date?: string }) {
  const session = await findSession(id, true)
  if (session.status === 'saved')
    throw Problem.conflict('The session was already saved as a campaign')
  const plan = session.generated_campaign as unknown as CampaignPlan
  const brief = session.brief_data as unknown as CopilotBrief
  const start = overrides.start_date ? new Date(overrides.start_date) : new Date()
  const due = (days: number) => new Date(start.getTime() + days * 86_400_000).toISOString()
  const { campaign, tasks } = await createCampaignWithTasks({
    campaign: {
      name: overrides.name ?? plan.name,
      description: plan.objectives.join('\n'),
      channel: plan.channels[0] ?? null,
      channels: plan.channels,
      total_budget: brief.budget ?? 0,
      primary_objective: brief.objective,
      target_audience: plan.audience,
      kpi_targets: Object.fromEntries(
        plan.kpis.filter((k) => k.target !== null).map((k) => [k.metric, k.target])
      ),
      metadata: { copilot_session_id: id, budget_split: plan.budget_split },
      start_date: start.toISOString(),
      end_date: due((brief.duration_weeks ?? 4) * 7),
    },
    tasks: plan.tasks.map((task) => ({
      title: task.title,
      priority: task.priority,
      due_date: due(task.due_in_days),
    })),
  })
  await tenant()
    .trx.from('campaign_copilot_sessions')
    .where('id', id)
    .update({
      status: 'saved',
      campaign_id: campaign.id,
      interaction_history: JSON.stringify([
        ...session.interaction_history,
        { type: 'saved', campaign_id: campaign.id, at: new Date().toISOString() },
      ]),
    })
  await emitEvent('strategy.copilot_session.saved', {
    session_id: id,
    campaign_id: campaign.id,
    tasks: tasks.length,
  })
  return { session: await findSession(id), campaign, tasks }
}
