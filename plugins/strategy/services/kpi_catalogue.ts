import { metricTotalsByChannel } from '#plugins/campaigns/services/index'
import { leadFunnelCounts } from '#plugins/leads/services/index'

/** The aggregates one evaluation reads: one statement per source and period. */
export interface SourceValues {
  campaigns?: {
    impressions: number
    clicks: number
    conversions: number
    cost: number
    revenue: number
    rows: number
  }
  leads?: Awaited<ReturnType<typeof leadFunnelCounts>>
}

/** A data source of the catalogue and the face that computes its aggregates. */
export type MetricSource = keyof SourceValues

/** A metric of the catalogue: its source, unit, better direction and formula over the aggregates. */
export interface CatalogueMetric {
  label: string
  source: MetricSource
  unit: 'count' | 'ratio' | 'currency'
  /** Which way is better (targets are minimums for `up`, maximums for `down`). */
  direction: 'up' | 'down'
  description: string
  /** The value, or null when the data has no denominator or no rows. */
  compute: (values: Required<SourceValues>) => number | null
}

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null)
const counted = (value: number, rows: number) => (rows > 0 ? value : null)

/**
 * The executable metric catalogue: every KPI of a framework binds to one of
 * these, computed over the workspace's real data (campaign metrics through the
 * campaigns face, leads and activities through the leads face). A KPI bound to
 * nothing here is flagged `needs_data_source`, never given a number.
 */
export const METRIC_CATALOGUE: Record<string, CatalogueMetric> = {
  impressions: {
    label: 'Impressions',
    source: 'campaigns',
    unit: 'count',
    direction: 'up',
    description: 'Sum of campaign impressions',
    compute: ({ campaigns: c }) => counted(c.impressions, c.rows),
  },
  clicks: {
    label: 'Clicks',
    source: 'campaigns',
    unit: 'count',
    direction: 'up',
    description: 'Sum of campaign clicks',
    compute: ({ campaigns: c }) => counted(c.clicks, c.rows),
  },
  conversions: {
    label: 'Conversions',
    source: 'campaigns',
    unit: 'count',
    direction: 'up',
    description: 'Sum of campaign conversions',
    compute: ({ campaigns: c }) => counted(c.conversions, c.rows),
  },
  spend: {
    label: 'Spend',
    source: 'campaigns',
    unit: 'currency',
    direction: 'down',
    description: 'Sum of campaign cost',
    compute: ({ campaigns: c }) => counted(c.cost, c.rows),
  },
  revenue: {
    label: 'Revenue',
    source: 'campaigns',
    unit: 'currency',
    direction: 'up',
    description: 'Sum of campaign revenue',
    compute: ({ campaigns: c }) => counted(c.revenue, c.rows),
  },
  ctr: {
    label: 'Click-through rate',
    source: 'campaigns',
    unit: 'ratio',
    direction: 'up',
    description: 'clicks / impressions',
    compute: ({ campaigns: c }) => ratio(c.clicks, c.impressions),
  },
  conversion_rate: {
    label: 'Conversion rate',
    source: 'campaigns',
    unit: 'ratio',
    direction: 'up',
    description: 'conversions / clicks',
    compute: ({ campaigns: c }) => ratio(c.conversions, c.clicks),
  },
  cpc: {
    label: 'Cost per click',
    source: 'campaigns',
    unit: 'currency',
    direction: 'down',
    description: 'cost / clicks',
    compute: ({ campaigns: c }) => ratio(c.cost, c.clicks),
  },
  cpa: {
    label: 'Cost per acquisition',
    source: 'campaigns',
    unit: 'currency',
    direction: 'down',
    description: 'cost / conversions',
    compute: ({ campaigns: c }) => ratio(c.cost, c.conversions),
  },
  roas: {
    label: 'Return on ad spend',
    source: 'campaigns',
    unit: 'ratio',
    direction: 'up',
    description: 'revenue / cost',
    compute: ({ campaigns: c }) => ratio(c.revenue, c.cost),
  },
  leads_created: {
    label: 'Leads created',
    source: 'leads',
    unit: 'count',
    direction: 'up',
    description: 'Leads created in the period',
    compute: ({ leads }) => leads.total,
  },
  leads_qualified: {
    label: 'Leads qualified',
    source: 'leads',
    unit: 'count',
    direction: 'up',
    description: 'Leads of the period now qualified or converted',
    compute: ({ leads }) => leads.qualified + leads.converted,
  },
  leads_converted: {
    label: 'Leads converted',
    source: 'leads',
    unit: 'count',
    direction: 'up',
    description: 'Leads of the period now converted',
    compute: ({ leads }) => leads.converted,
  },
  lead_conversion_rate: {
    label: 'Lead conversion rate',
    source: 'leads',
    unit: 'ratio',
    direction: 'up',
    description: 'converted / created',
    compute: ({ leads }) => ratio(leads.converted, leads.total),
  },
  lead_loss_rate: {
    label: 'Lead loss rate',
    source: 'leads',
    unit: 'ratio',
    direction: 'down',
    description: 'lost / created',
    compute: ({ leads }) => ratio(leads.lost, leads.total),
  },
  lead_activities: {
    label: 'Lead activities',
    source: 'leads',
    unit: 'count',
    direction: 'up',
    description: 'Activities recorded in the period',
    compute: ({ leads }) => leads.activities,
  },
  activation_rate: {
    label: 'Activation rate',
    source: 'leads',
    unit: 'ratio',
    direction: 'up',
    description: 'leads with an activity / leads created',
    compute: ({ leads }) => ratio(leads.leads_with_activity, leads.total),
  },
}

/** Names of the catalogue's metrics. */
export const METRIC_KEYS = Object.keys(METRIC_CATALOGUE)

/** A KPI of a preset framework: its stage name, metric (null: no source yet) and counter-metric. */
interface PresetKpi {
  key: string
  name: string
  metric: string | null
  counter_metric: string | null
}

/** AARRR (pirate metrics) and Google's HEART, bound to the catalogue where the platform has the data. */
export const FRAMEWORK_PRESETS: Record<'aarrr' | 'heart', PresetKpi[]> = {
  aarrr: [
    { key: 'acquisition', name: 'Acquisition', metric: 'leads_created', counter_metric: 'cpa' },
    {
      key: 'activation',
      name: 'Activation',
      metric: 'activation_rate',
      counter_metric: 'lead_loss_rate',
    },
    { key: 'retention', name: 'Retention', metric: null, counter_metric: null },
    { key: 'revenue', name: 'Revenue', metric: 'revenue', counter_metric: 'spend' },
    { key: 'referral', name: 'Referral', metric: null, counter_metric: null },
  ],
  heart: [
    { key: 'happiness', name: 'Happiness', metric: null, counter_metric: null },
    { key: 'engagement', name: 'Engagement', metric: 'ctr', counter_metric: 'cpc' },
    {
      key: 'adoption',
      name: 'Adoption',
      metric: 'leads_created',
      counter_metric: 'lead_loss_rate',
    },
    { key: 'retention', name: 'Retention', metric: null, counter_metric: null },
    { key: 'task_success', name: 'Task success', metric: 'conversion_rate', counter_metric: 'cpa' },
  ],
}

/**
 * Reads the aggregates the given sources need over a period, one statement
 * per source (a campaign-scoped framework reads that campaign's metrics).
 */
export async function readSources(
  sources: Set<MetricSource>,
  period: { from: string; to: string; campaignId?: string | null }
): Promise<Required<SourceValues>> {
  const values: SourceValues = {}
  if (sources.has('campaigns')) {
    const rows = await metricTotalsByChannel({
      from: period.from,
      to: period.to,
      campaignId: period.campaignId ?? null,
    })
    values.campaigns = rows.reduce(
      (sum, row) => ({
        impressions: sum.impressions + row.impressions,
        clicks: sum.clicks + row.clicks,
        conversions: sum.conversions + row.conversions,
        cost: sum.cost + row.cost,
        revenue: sum.revenue + row.revenue,
        rows: sum.rows + row.days_with_data,
      }),
      { impressions: 0, clicks: 0, conversions: 0, cost: 0, revenue: 0, rows: 0 }
    )
  }
  if (sources.has('leads'))
    values.leads = await leadFunnelCounts({ from: period.from, to: period.to })
  return values as Required<SourceValues>
}
