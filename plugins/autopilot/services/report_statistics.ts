import type { ChannelDay } from '#plugins/campaigns/services/index'
import { addDays } from './dates.js'

/** A highlight is reported from this confidence on. */
export const HIGHLIGHT_CONFIDENCE = 0.9

/** The error function (Abramowitz–Stegun 7.1.26, |error| < 1.5e-7). */
function erf(x: number) {
  const sign = x < 0 ? -1 : 1
  const t = 1 / (1 + 0.3275911 * Math.abs(x))
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-x * x)
  return sign * y
}

/** Two-sided confidence of a standard normal statistic: 1 − p. */
export function normalConfidence(z: number) {
  return erf(Math.abs(z) / Math.SQRT2)
}

function logGamma(x: number): number {
  const c = [
    76.18009172947146, -86.50532032941677, 24.01409824083091, -1.231739572450155,
    0.1208650973866179e-2, -0.5395239384953e-5,
  ]
  let y = x
  const tmp = x + 5.5 - (x + 0.5) * Math.log(x + 5.5)
  let ser = 1.000000000190015
  for (const value of c) ser += value / ++y
  return -tmp + Math.log((2.5066282746310005 * ser) / x)
}

function betaContinuedFraction(a: number, b: number, x: number) {
  const tiny = 1e-30
  let c = 1
  let d = 1 - ((a + b) * x) / (a + 1)
  if (Math.abs(d) < tiny) d = tiny
  d = 1 / d
  let h = d
  for (let m = 1; m <= 200; m++) {
    const m2 = 2 * m
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2))
    d = 1 + aa * d
    if (Math.abs(d) < tiny) d = tiny
    c = 1 + aa / c
    if (Math.abs(c) < tiny) c = tiny
    d = 1 / d
    h *= d * c
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1))
    d = 1 + aa * d
    if (Math.abs(d) < tiny) d = tiny
    c = 1 + aa / c
    if (Math.abs(c) < tiny) c = tiny
    d = 1 / d
    const delta = d * c
    h *= delta
    if (Math.abs(delta - 1) < 3e-12) break
  }
  return h
}

/** The regularized incomplete beta function I_x(a, b). */
function incompleteBeta(x: number, a: number, b: number) {
  if (x <= 0) return 0
  if (x >= 1) return 1
  const front = Math.exp(
    logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x)
  )
  return x < (a + 1) / (a + b + 2)
    ? (front * betaContinuedFraction(a, b, x)) / a
    : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b
}

/** Two-sided confidence of a Student t statistic with `df` degrees of freedom: 1 − p. */
export function studentConfidence(t: number, df: number) {
  if (!Number.isFinite(t)) return 1
  return 1 - incompleteBeta(df / (df + t * t), df / 2, 0.5)
}

/** Confidence that two Poisson counts over equal periods differ (conditional binomial, normal approximation). */
export function countChangeConfidence(previous: number, current: number) {
  if (previous + current === 0) return 0
  return normalConfidence((current - previous) / Math.sqrt(previous + current))
}

/** Welch's t-test on two samples of daily values: confidence that their means differ. */
export function welchConfidence(previous: number[], current: number[]) {
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length
  const variance = (values: number[], m: number) =>
    values.reduce((sum, value) => sum + (value - m) ** 2, 0) / Math.max(1, values.length - 1)
  const m0 = mean(previous)
  const m1 = mean(current)
  const v0 = variance(previous, m0) / previous.length
  const v1 = variance(current, m1) / current.length
  if (v0 + v1 === 0) return m0 === m1 ? 0 : 1
  const t = (m1 - m0) / Math.sqrt(v0 + v1)
  const df = (v0 + v1) ** 2 / (v0 ** 2 / (previous.length - 1) + v1 ** 2 / (current.length - 1))
  return studentConfidence(t, df)
}

/** Confidence that two rates (successes / trials) differ: two-proportion z-test. */
export function proportionChangeConfidence(x0: number, n0: number, x1: number, n1: number) {
  if (n0 <= 0 || n1 <= 0) return 0
  const pooled = (x0 + x1) / (n0 + n1)
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n0 + 1 / n1))
  if (se === 0) return 0
  return normalConfidence((x1 / n1 - x0 / n0) / se)
}

/** A week-over-week change found significant. */
export interface Highlight {
  metric: string
  scope: string
  previous: number
  current: number
  change_pct: number | null
  confidence: number
  test: string
}

/** One week's totals. */
export interface WeekTotals {
  spend: number
  revenue: number
  conversions: number
  clicks: number
  impressions: number
  leads: number
  roi: number
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits
const changePct = (previous: number, current: number) =>
  previous === 0 ? null : round(((current - previous) / previous) * 100, 1)

/**
 * The weekly report's numbers from the channels' daily totals of the week and
 * the week before, and the leads of both: totals, ROI, top channel, changes,
 * and the changes that are statistically significant (Poisson counts,
 * Welch's t on daily spend and revenue, two-proportion z on each channel's
 * conversion rate), each with its confidence.
 */
export function weeklyStatistics(input: {
  weekStart: string
  metrics: ChannelDay[]
  leads: { previous: number; current: number }
}) {
  const previousStart = addDays(input.weekStart, -7)
  const days = (start: string) =>
    Array.from({ length: 7 }, (_unused, index) => addDays(start, index))
  const inWeek = (start: string) => {
    const set = new Set(days(start))
    return input.metrics.filter((row) => set.has(row.day))
  }
  const totals = (rows: ChannelDay[], leads: number): WeekTotals => {
    const spend = rows.reduce((total, row) => total + row.cost, 0)
    const revenue = rows.reduce((total, row) => total + row.revenue, 0)
    return {
      spend: round(spend),
      revenue: round(revenue),
      conversions: rows.reduce((total, row) => total + row.conversions, 0),
      clicks: rows.reduce((total, row) => total + row.clicks, 0),
      impressions: rows.reduce((total, row) => total + row.impressions, 0),
      leads,
      roi: spend > 0 ? round((revenue - spend) / spend, 4) : 0,
    }
  }
  const previousRows = inWeek(previousStart)
  const currentRows = inWeek(input.weekStart)
  const previous = totals(previousRows, input.leads.previous)
  const current = totals(currentRows, input.leads.current)
  const daily = (rows: ChannelDay[], start: string, key: 'cost' | 'revenue') =>
    days(start).map((day) =>
      rows.filter((row) => row.day === day).reduce((t, row) => t + row[key], 0)
    )

  const candidates: Highlight[] = []
  for (const metric of ['conversions', 'clicks', 'leads'] as const) {
    candidates.push({
      metric,
      scope: 'workspace',
      previous: previous[metric],
      current: current[metric],
      change_pct: changePct(previous[metric], current[metric]),
      confidence: countChangeConfidence(previous[metric], current[metric]),
      test: 'poisson_conditional_binomial',
    })
  }
  for (const [metric, key] of [
    ['spend', 'cost'],
    ['revenue', 'revenue'],
  ] as const) {
    candidates.push({
      metric,
      scope: 'workspace',
      previous: previous[metric],
      current: current[metric],
      change_pct: changePct(previous[metric], current[metric]),
      confidence: welchConfidence(
        daily(previousRows, previousStart, key),
        daily(currentRows, input.weekStart, key)
      ),
      test: 'welch_t_daily',
    })
  }
  const channelNames = [...new Set(input.metrics.map((row) => row.channel))].sort()
  const channels = channelNames.map((channel) => {
    const before = totals(
      previousRows.filter((row) => row.channel === channel),
      0
    )
    const now = totals(
      currentRows.filter((row) => row.channel === channel),
      0
    )
    const rate = (t: WeekTotals) => (t.clicks > 0 ? t.conversions / t.clicks : 0)
    candidates.push({
      metric: 'conversion_rate',
      scope: channel,
      previous: round(rate(before), 5),
      current: round(rate(now), 5),
      change_pct: changePct(rate(before), rate(now)),
      confidence: proportionChangeConfidence(
        before.conversions,
        before.clicks,
        now.conversions,
        now.clicks
      ),
      test: 'two_proportion_z',
    })
    return {
      channel,
      spend: now.spend,
      revenue: now.revenue,
      conversions: now.conversions,
      clicks: now.clicks,
      cpa: now.conversions > 0 ? round(now.spend / now.conversions) : null,
      roi: now.roi,
      previous_conversions: before.conversions,
    }
  })
  const top = [...channels]
    .filter((item) => item.conversions > 0)
    .sort((a, b) => b.conversions - a.conversions || (a.cpa ?? Infinity) - (b.cpa ?? Infinity))[0]
  const highlights = candidates
    .filter((item) => item.confidence >= HIGHLIGHT_CONFIDENCE && item.previous !== item.current)
    .map((item) => ({ ...item, confidence: round(item.confidence, 4) }))
    .sort((a, b) => b.confidence - a.confidence)
  const sentences = highlights.map((item) => {
    const direction = item.current > item.previous ? 'rose' : 'fell'
    const change = item.change_pct === null ? '' : ` ${Math.abs(item.change_pct)} %`
    const where = item.scope === 'workspace' ? '' : ` on ${item.scope}`
    return `${item.metric.replace('_', ' ')}${where} ${direction}${change} (${item.previous} → ${item.current}), ${round(item.confidence * 100, 1)} % confidence (${item.test})`
  })
  return {
    previous,
    current,
    channels,
    top_channel: top?.channel ?? null,
    week_over_week: Object.fromEntries(
      (Object.keys(current) as Array<keyof WeekTotals>).map((key) => [
        key,
        {
          previous: previous[key],
          current: current[key],
          change_pct: changePct(previous[key], current[key]),
        },
      ])
    ),
    highlights,
    sentences,
  }
}
