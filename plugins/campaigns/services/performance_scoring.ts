/*
| Rule-based performance scoring of a campaign against benchmarks (pure
| functions; the monitor job feeds them from SQL). Documented in
| docs/guide/campaigns.md ("Performance monitor").
*/

/** Totals of the base metrics over a window. */
export interface MetricTotals {
  impressions: number
  clicks: number
  conversions: number
  cost: number
  revenue: number
}

/** Ratios derived from totals; null when the denominator is zero. */
export interface Kpis {
  ctr: number | null
  conversion_rate: number | null
  cpc: number | null
  cpa: number | null
  roi: number | null
}

/** A KPI's name. */
export type KpiName = keyof Kpis

/** Whether a higher value of the KPI is better, and its weight in the overall score. */
export const KPI_RULES: Record<KpiName, { higherIsBetter: boolean; weight: number }> = {
  roi: { higherIsBetter: true, weight: 0.3 },
  cpa: { higherIsBetter: false, weight: 0.25 },
  conversion_rate: { higherIsBetter: true, weight: 0.2 },
  ctr: { higherIsBetter: true, weight: 0.15 },
  cpc: { higherIsBetter: false, weight: 0.1 },
}

const ratio = (numerator: number, denominator: number) =>
  denominator > 0 ? numerator / denominator : null

/** CTR = clicks/impressions, conversion rate = conversions/clicks, CPC, CPA, ROI = (revenue − cost)/cost. */
export function kpisOf(totals: MetricTotals): Kpis {
  return {
    ctr: ratio(totals.clicks, totals.impressions),
    conversion_rate: ratio(totals.conversions, totals.clicks),
    cpc: ratio(totals.cost, totals.clicks),
    cpa: ratio(totals.cost, totals.conversions),
    roi: totals.cost > 0 ? (totals.revenue - totals.cost) / totals.cost : null,
  }
}

/**
 * How a KPI compares with its benchmark, as a multiple where > 1 is better:
 * actual/benchmark for higher-is-better KPIs, benchmark/actual for costs. ROI
 * compares return on spend, (1 + roi)/(1 + benchmark), so negative ROIs work.
 */
export function relativePerformance(kpi: KpiName, actual: number, benchmark: number) {
  if (kpi === 'roi') {
    const base = 1 + benchmark
    return base > 0 ? Math.max(0, 1 + actual) / base : null
  }
  if (KPI_RULES[kpi].higherIsBetter) return benchmark > 0 ? actual / benchmark : null
  return actual > 0 ? benchmark / actual : benchmark > 0 ? 2 : null
}

/** One KPI's contribution to the score. */
export interface KpiScore {
  kpi: KpiName
  actual: number
  benchmark: number
  relative: number
  score: number
}

/**
 * The score, 0–100: each comparable KPI scores 50 × its relative performance,
 * capped to [0, 100] (on benchmark = 50, twice as good or better = 100), and
 * the overall score is their weighted mean (weights in KPI_RULES, renormalised
 * over the KPIs that could be compared). Null when no KPI is comparable.
 */
export function scorePerformance(actual: Kpis, benchmark: Partial<Kpis>) {
  const parts: KpiScore[] = []
  for (const kpi of Object.keys(KPI_RULES) as KpiName[]) {
    const value = actual[kpi]
    const target = benchmark[kpi]
    if (value === null || value === undefined || target === null || target === undefined) continue
    const relative = relativePerformance(kpi, value, target)
    if (relative === null) continue
    parts.push({
      kpi,
      actual: value,
      benchmark: target,
      relative,
      score: Math.min(100, Math.max(0, 50 * relative)),
    })
  }
  if (!parts.length) return { score: null, parts }
  const weights = parts.reduce((sum, part) => sum + KPI_RULES[part.kpi].weight, 0)
  const score =
    parts.reduce((sum, part) => sum + part.score * KPI_RULES[part.kpi].weight, 0) / weights
  return { score: Math.round(score * 100) / 100, parts }
}

/** One optimisation suggestion stored in campaign_performance_monitor. */
export interface Suggestion {
  rule: string
  kpi: string
  severity: 'high' | 'medium' | 'low'
  action: string
  message: string
  actual?: number | null
  benchmark?: number | null
}

const pct = (value: number) => `${(value * 100).toFixed(2)}%`
const money = (value: number) => value.toFixed(2)

/** What the suggestion rules look at besides the KPIs. */
export interface SuggestionInput {
  parts: KpiScore[]
  kpis: Kpis
  /** Clicks of the last 7 days and of the 7 days before. */
  recentClicks: number
  previousClicks: number
  /** Budget pacing: share of the budget spent and share of the flight elapsed (null without dates or budget). */
  spentShare: number | null
  elapsedShare: number | null
}

/**
 * Rule-based suggestions, each derived from the measured data (thresholds:
 * 20% worse than benchmark, ROI below zero, a 30% week-on-week click drop,
 * budget pace 15 points ahead of or 25 points behind the calendar, scale up
 * when ROI beats its benchmark by 20% with budget left). Most severe first.
 */
export function suggestionsFor(input: SuggestionInput): Suggestion[] {
  const out: Suggestion[] = []
  const part = (kpi: KpiName) => input.parts.find((item) => item.kpi === kpi)
  const ctr = part('ctr')
  if (ctr && ctr.relative < 0.8) {
    out.push({
      rule: 'ctr_below_benchmark',
      kpi: 'ctr',
      severity: ctr.relative < 0.5 ? 'high' : 'medium',
      action: 'refresh_creative',
      message: `CTR ${pct(ctr.actual)} is below the benchmark ${pct(ctr.benchmark)}: refresh the creative or narrow the targeting`,
      actual: ctr.actual,
      benchmark: ctr.benchmark,
    })
  }
  const conversion = part('conversion_rate')
  if (conversion && conversion.relative < 0.8) {
    out.push({
      rule: 'conversion_rate_below_benchmark',
      kpi: 'conversion_rate',
      severity: conversion.relative < 0.5 ? 'high' : 'medium',
      action: 'improve_landing_page',
      message: `Conversion rate ${pct(conversion.actual)} is below the benchmark ${pct(conversion.benchmark)}: check the landing page and the offer`,
      actual: conversion.actual,
      benchmark: conversion.benchmark,
    })
  }
  const cpa = part('cpa')
  if (cpa && cpa.relative < 0.8) {
    out.push({
      rule: 'cpa_above_benchmark',
      kpi: 'cpa',
      severity: cpa.relative < 0.5 ? 'high' : 'medium',
      action: 'lower_bids_or_pause_weak_segments',
      message: `Cost per acquisition ${money(cpa.actual)} is above the benchmark ${money(cpa.benchmark)}: lower bids or pause the weakest segments`,
      actual: cpa.actual,
      benchmark: cpa.benchmark,
    })
  }
  const cpc = part('cpc')
  if (cpc && cpc.relative < 0.8) {
    out.push({
      rule: 'cpc_above_benchmark',
      kpi: 'cpc',
      severity: 'low',
      action: 'review_bidding',
      message: `Cost per click ${money(cpc.actual)} is above the benchmark ${money(cpc.benchmark)}: review the bidding strategy`,
      actual: cpc.actual,
      benchmark: cpc.benchmark,
    })
  }
  if (input.kpis.roi !== null && input.kpis.roi < 0) {
    out.push({
      rule: 'negative_roi',
      kpi: 'roi',
      severity: 'high',
      action: 'reduce_budget',
      message: `ROI is ${pct(input.kpis.roi)}: the campaign costs more than it returns, reduce its budget until it recovers`,
      actual: input.kpis.roi,
      benchmark: part('roi')?.benchmark ?? null,
    })
  }
  const roi = part('roi')
  const budgetLeft = input.spentShare === null || input.spentShare < 0.9
  if (roi && roi.relative > 1.2 && input.kpis.roi !== null && input.kpis.roi > 0 && budgetLeft) {
    out.push({
      rule: 'scale_winner',
      kpi: 'roi',
      severity: 'low',
      action: 'increase_budget',
      message: `ROI ${pct(roi.actual)} beats the benchmark ${pct(roi.benchmark)}: consider moving budget to this campaign`,
      actual: roi.actual,
      benchmark: roi.benchmark,
    })
  }
  if (input.previousClicks > 0 && input.recentClicks < 0.7 * input.previousClicks) {
    const drop = 1 - input.recentClicks / input.previousClicks
    out.push({
      rule: 'declining_clicks',
      kpi: 'clicks',
      severity: drop > 0.5 ? 'high' : 'medium',
      action: 'investigate_fatigue',
      message: `Clicks fell ${pct(drop)} week on week (${input.recentClicks} vs ${input.previousClicks}): check for ad fatigue or a tracking problem`,
      actual: input.recentClicks,
      benchmark: input.previousClicks,
    })
  }
  if (input.spentShare !== null && input.elapsedShare !== null) {
    if (input.spentShare > input.elapsedShare + 0.15) {
      out.push({
        rule: 'overspending_pace',
        kpi: 'budget',
        severity: input.spentShare >= 1 ? 'high' : 'medium',
        action: 'slow_spend',
        message: `${pct(input.spentShare)} of the budget is spent after ${pct(input.elapsedShare)} of the flight: lower daily caps`,
        actual: input.spentShare,
        benchmark: input.elapsedShare,
      })
    } else if (input.spentShare < input.elapsedShare - 0.25) {
      out.push({
        rule: 'underspending_pace',
        kpi: 'budget',
        severity: 'low',
        action: 'raise_daily_caps',
        message: `Only ${pct(input.spentShare)} of the budget is spent after ${pct(input.elapsedShare)} of the flight: raise daily caps or widen the audience`,
        actual: input.spentShare,
        benchmark: input.elapsedShare,
      })
    }
  }
  const order = { high: 0, medium: 1, low: 2 }
  return out.sort((a, b) => order[a.severity] - order[b.severity])
}
