import { betaSample, normal, type Random } from './random.js'

/** One channel's totals on one day, `age` days before the run (1 = yesterday). */
export interface ChannelDayObservation {
  age: number
  spend: number
  clicks: number
  conversions: number
  revenue: number
}

/** What the allocator learnt about one channel from its history. */
export interface ChannelModel {
  channel: string
  /** Whether the channel has spend with clicks to fit a response curve on. */
  has_data: boolean
  /** Beta posterior of the conversion rate per click (discounted counts, prior Beta(1, 1)). */
  alpha: number
  beta: number
  /** Value of one conversion: revenue per conversion shrunk to the pooled mean, or 1 without revenue. */
  value_per_conversion: number
  /** Saturating response of clicks to daily spend: clicks ≈ scale · spend^elasticity. */
  scale: number
  elasticity: number
  /** Posterior standard deviation of the elasticity (what Thompson sampling draws from). */
  elasticity_sd: number
  /** Weighted mean log spend: the elasticity pivots around it. */
  log_spend_mean: number
}

/** Weight of an observation `age` days old: older days count less, so a change in a channel is followed. */
export const DEFAULT_DECAY = 0.93
/** Prior elasticity of clicks to spend (diminishing returns), and its weight in log-spend variance units. */
const PRIOR_ELASTICITY = 0.6
const PRIOR_WEIGHT = 0.1
const MIN_ELASTICITY = 0.15
const MAX_ELASTICITY = 0.9
/** Conversions' worth of pooled revenue per conversion that each channel's value is shrunk toward. */
const VALUE_SHRINKAGE = 5

/**
 * Fits each channel's model from its daily history: a discounted Beta-Binomial
 * posterior of the conversion rate per click, the value per conversion, and a
 * power-law (saturating for elasticity < 1) response of clicks to spend,
 * fitted by weighted least squares on log–log days and shrunk toward a prior
 * elasticity when spend has barely varied.
 */
export function fitChannelModels(
  histories: Array<{ channel: string; days: ChannelDayObservation[] }>,
  decay = DEFAULT_DECAY
): ChannelModel[] {
  let pooledRevenue = 0
  let pooledConversions = 0
  for (const history of histories) {
    for (const day of history.days) {
      pooledRevenue += day.revenue
      pooledConversions += day.conversions
    }
  }
  const pooledValue = pooledConversions > 0 ? pooledRevenue / pooledConversions : 0
  const useRevenue = pooledRevenue > 0
  return histories.map(({ channel, days }) => {
    let alpha = 1
    let beta = 1
    let conversions = 0
    let revenue = 0
    let sw = 0
    let sx = 0
    let sy = 0
    const points: Array<{ w: number; x: number; y: number }> = []
    for (const day of days) {
      const w = Math.pow(decay, Math.max(0, day.age - 1))
      const clicks = Math.max(0, day.clicks)
      const converted = Math.min(Math.max(0, day.conversions), clicks)
      alpha += w * converted
      beta += w * (clicks - converted)
      conversions += day.conversions
      revenue += day.revenue
      if (day.spend > 0 && clicks > 0) {
        const point = { w, x: Math.log(day.spend), y: Math.log(clicks) }
        points.push(point)
        sw += w
        sx += w * point.x
        sy += w * point.y
      }
    }
    const value = useRevenue
      ? (revenue + VALUE_SHRINKAGE * pooledValue) / (conversions + VALUE_SHRINKAGE)
      : 1
    if (!points.length) {
      return {
        channel,
        has_data: false,
        alpha,
        beta,
        value_per_conversion: value,
        scale: 0,
        elasticity: PRIOR_ELASTICITY,
        elasticity_sd: 0,
        log_spend_mean: 0,
      }
    }
    const mx = sx / sw
    const my = sy / sw
    let sxx = 0
    let sxy = 0
    for (const point of points) {
      sxx += point.w * (point.x - mx) ** 2
      sxy += point.w * (point.x - mx) * (point.y - my)
    }
    const fitted = sxx > 0 ? sxy / sxx : PRIOR_ELASTICITY
    const elasticity = Math.min(
      MAX_ELASTICITY,
      Math.max(
        MIN_ELASTICITY,
        (PRIOR_WEIGHT * PRIOR_ELASTICITY + sxx * fitted) / (PRIOR_WEIGHT + sxx)
      )
    )
    let residual = 0
    for (const point of points) {
      residual += point.w * (point.y - my - fitted * (point.x - mx)) ** 2
    }
    const noise = points.length > 2 ? residual / sw : 0.05
    return {
      channel,
      has_data: true,
      alpha,
      beta,
      value_per_conversion: value,
      scale: Math.exp(my - elasticity * mx),
      elasticity,
      elasticity_sd: Math.sqrt(noise / (PRIOR_WEIGHT + sxx)),
      log_spend_mean: mx,
    }
  })
}

/** Expected value per day of `spend` on a channel at conversion rate `rate`. */
export function expectedValue(model: ChannelModel, rate: number, spend: number) {
  if (!model.has_data || spend <= 0) return 0
  return model.value_per_conversion * rate * model.scale * Math.pow(spend, model.elasticity)
}

/** Expected conversions per day of `spend` at the posterior mean rate. */
export function expectedConversions(model: ChannelModel, spend: number) {
  if (!model.has_data || spend <= 0) return 0
  const rate = model.alpha / (model.alpha + model.beta)
  return rate * model.scale * Math.pow(spend, model.elasticity)
}

/** The allocator's split of a daily budget, and the Thompson draw it was made with. */
export interface Allocation {
  budget: number
  targets: Record<string, number>
  sampled_rates: Record<string, number>
}

/**
 * Thompson-sampling allocation of a daily budget: one conversion rate is drawn
 * per channel from its Beta posterior, and the budget is split so that every
 * channel's marginal value (value × rate × d clicks / d spend) is equal, with
 * each channel kept at least at its floor (found by bisection on the marginal
 * value). Channels without data keep their current budget (`holds`, at least
 * their floor) until they have some, so they are measured before being judged.
 */
export function allocateBudget(
  models: ChannelModel[],
  budget: number,
  floors: Record<string, number>,
  random: Random,
  holds: Record<string, number> = {}
): Allocation {
  const targets: Record<string, number> = {}
  const sampled: Record<string, number> = {}
  const floorOf = (channel: string) => Math.max(0, floors[channel] ?? 0)
  const learnt = models.filter((model) => model.has_data)
  let rest = Math.max(0, budget)
  for (const model of models) {
    if (!model.has_data) {
      targets[model.channel] = Math.min(
        Math.max(floorOf(model.channel), holds[model.channel] ?? 0),
        rest
      )
      rest -= targets[model.channel]
    }
  }
  if (!learnt.length) return { budget, targets, sampled_rates: sampled }
  // One Thompson draw per channel: a conversion rate from its Beta posterior and an
  // elasticity from its (normal) posterior, pivoting the curve around the usual spend.
  const drawn = learnt.map((model) => {
    const rate = betaSample(model.alpha, model.beta, random)
    sampled[model.channel] = rate
    const elasticity = Math.min(
      MAX_ELASTICITY,
      Math.max(MIN_ELASTICITY, model.elasticity + model.elasticity_sd * normal(random))
    )
    const scale = model.scale * Math.exp((model.elasticity - elasticity) * model.log_spend_mean)
    return { elasticity, gain: model.value_per_conversion * rate * scale * elasticity }
  })
  const gains = drawn.map((item) => item.gain)
  const spendAt = (logLambda: number) =>
    learnt.map((model, index) => {
      const free =
        gains[index] > 0
          ? Math.exp((Math.log(gains[index]) - logLambda) / (1 - drawn[index].elasticity))
          : 0
      return Math.max(floorOf(model.channel), free)
    })
  const floorTotal = learnt.reduce((sum, model) => sum + floorOf(model.channel), 0)
  let spends: number[]
  if (floorTotal >= rest) {
    // Not even the floors fit: share what there is in proportion to them.
    spends = learnt.map((model) =>
      floorTotal > 0 ? (rest * floorOf(model.channel)) / floorTotal : rest / learnt.length
    )
  } else {
    let low = -60
    let high = 60
    for (let step = 0; step < 200; step++) {
      const middle = (low + high) / 2
      const total = spendAt(middle).reduce((sum, value) => sum + value, 0)
      if (total > rest) low = middle
      else high = middle
    }
    spends = spendAt(high)
    const total = spends.reduce((sum, value) => sum + value, 0)
    // Bisection leaves a tiny gap: give it out in proportion, never going over the budget.
    if (total > 0) spends = spends.map((value) => (value * rest) / total)
  }
  learnt.forEach((model, index) => (targets[model.channel] = spends[index]))
  return { budget, targets, sampled_rates: sampled }
}
