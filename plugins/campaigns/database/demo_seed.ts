import { type TenantContext } from '#sdk'
import { findCampaign } from '../services/campaign_service.js'
import type { CampaignRow } from '../services/campaign_resource.js'
import { addDays, createBudgetProposal, createKpiForecast } from '../services/prediction_service.js'
import { measureCampaign } from '../services/performance_monitor.js'

/** A small deterministic pseudo-random generator (mulberry32), so the demo is the same on every machine. */
function random(initial: number) {
  let state = initial
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface Profile {
  impressions: number
  growth: number
  ctr: number
  cvr: number
  cpc: number
  orderValue: number
}

/** 90 days of plausible daily metrics: a trend, a weekly rhythm and noise. */
function dailyMetrics(profile: Profile, days: number, today: string, randomSeed: number) {
  const next = random(randomSeed)
  const rows: Array<{ metric_type: string; metric_value: number; metric_date: string }> = []
  for (let index = 0; index < days; index++) {
    const day = addDays(today, index - days)
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay()
    const weekly = weekday === 0 || weekday === 6 ? 0.75 : 1.08
    const noise = 0.85 + next() * 0.3
    const impressions = Math.round(
      profile.impressions * (1 + profile.growth * index) * weekly * noise
    )
    const clicks = Math.round(impressions * profile.ctr * (0.9 + next() * 0.2))
    const conversions = Math.round(clicks * profile.cvr * (0.8 + next() * 0.4))
    const cost = Math.round(clicks * profile.cpc * (0.9 + next() * 0.2) * 100) / 100
    const revenue = Math.round(conversions * profile.orderValue * (0.85 + next() * 0.3) * 100) / 100
    for (const [type, value] of Object.entries({
      impressions,
      clicks,
      conversions,
      cost,
      revenue,
    })) {
      rows.push({ metric_type: type, metric_value: value, metric_date: day })
    }
  }
  return rows
}

/**
 * Demo data for the demo workspace: four campaigns (two active with 90 days
 * of metrics, one paused, one draft), tasks, a performance measurement, a
 * conversions forecast and a budget proposal, all computed by the plugin's
 * own services from the seeded metrics.
 */
export default async function seed({ trx, workspaceId, userId }: TenantContext) {
  const today = new Date().toISOString().slice(0, 10)
  const definitions = [
    {
      name: 'Spring product launch',
      type: 'product_launch',
      channel: 'google_ads',
      status: 'active',
      total_budget: 60000,
      budget_spent: 0,
      primary_objective: 'Sell the new plan to existing trial users',
      kpi_targets: { ctr: 0.03, cpa: 45, roi: 1.5 },
      profile: {
        impressions: 9000,
        growth: 0.006,
        ctr: 0.032,
        cvr: 0.045,
        cpc: 1.4,
        orderValue: 120,
      },
    },
    {
      name: 'Newsletter nurture',
      type: 'email',
      channel: 'email',
      status: 'active',
      total_budget: 8000,
      budget_spent: 0,
      primary_objective: 'Move subscribers to a demo request',
      kpi_targets: { conversion_rate: 0.05 },
      profile: {
        impressions: 4000,
        growth: 0.002,
        ctr: 0.08,
        cvr: 0.03,
        cpc: 0.12,
        orderValue: 60,
      },
    },
    {
      name: 'Brand awareness Q3',
      type: 'brand_awareness',
      channel: 'facebook',
      status: 'paused',
      total_budget: 25000,
      budget_spent: 0,
      primary_objective: 'Reach decision makers in mid-size companies',
      kpi_targets: {},
      profile: {
        impressions: 20000,
        growth: -0.003,
        ctr: 0.011,
        cvr: 0.02,
        cpc: 0.9,
        orderValue: 90,
      },
    },
    {
      name: 'Webinar lead generation',
      type: 'lead_generation',
      channel: 'linkedin',
      status: 'draft',
      total_budget: 12000,
      budget_spent: 0,
      primary_objective: 'Register 400 attendees for the autumn webinar',
      kpi_targets: { cpa: 30 },
      profile: null,
    },
  ]

  const campaigns: CampaignRow[] = []
  for (const [index, definition] of definitions.entries()) {
    const { profile, ...columns } = definition
    const metrics = profile ? dailyMetrics(profile, 90, today, 42 + index) : []
    const spent = metrics
      .filter((row) => row.metric_type === 'cost')
      .reduce((sum, row) => sum + row.metric_value, 0)
    const [inserted] = await trx
      .insertQuery()
      .table('campaigns')
      .insert({
        ...columns,
        budget_spent: Math.round(spent * 100) / 100,
        budget_allocated: columns.total_budget,
        kpi_targets: JSON.stringify(columns.kpi_targets),
        channels: JSON.stringify([columns.channel]),
        start_date: profile
          ? `${addDays(today, -90)}T00:00:00Z`
          : `${addDays(today, 30)}T00:00:00Z`,
        end_date: profile ? `${addDays(today, 60)}T00:00:00Z` : `${addDays(today, 90)}T00:00:00Z`,
        workspace_id: workspaceId,
        created_by: userId,
      })
      .returning('id')
    const campaign = await findCampaign(inserted.id, { trx })
    campaigns.push(campaign)
    if (metrics.length) {
      await trx
        .insertQuery()
        .table('campaign_metrics')
        .multiInsert(
          metrics.map((row) => ({ ...row, workspace_id: workspaceId, campaign_id: campaign.id }))
        )
    }
  }

  const [launch, newsletter, , webinar] = campaigns
  const tasks = [
    {
      campaign: launch,
      title: 'Approve the launch landing page',
      status: 'completed',
      priority: 'high',
    },
    {
      campaign: launch,
      title: 'Second round of ad creative',
      status: 'in_progress',
      priority: 'medium',
    },
    {
      campaign: newsletter,
      title: 'Write the November issue',
      status: 'pending',
      priority: 'medium',
    },
    { campaign: webinar, title: 'Book the speakers', status: 'pending', priority: 'urgent' },
  ]
  await trx
    .insertQuery()
    .table('campaign_tasks')
    .multiInsert(
      tasks.map((item, index) => ({
        workspace_id: workspaceId,
        campaign_id: item.campaign.id,
        created_by: userId,
        title: item.title,
        status: item.status,
        priority: item.priority,
        due_date: `${addDays(today, 3 + index * 4)}T12:00:00Z`,
        completed_at: item.status === 'completed' ? new Date() : null,
      }))
    )

  for (const campaign of campaigns.filter((item) => item.status === 'active')) {
    await measureCampaign(campaign)
  }
  await createKpiForecast(launch, { metricType: 'conversions', horizonDays: 14, method: 'holt' })
  await createBudgetProposal(webinar, { lookbackDays: 90 })
}
