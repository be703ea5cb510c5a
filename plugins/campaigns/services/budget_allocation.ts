/** What was observed on one channel over the look-back window. */
export interface ChannelObservation {
  channel: string
  cost: number
  conversions: number
}

/** The proposal for one channel. */
export interface ChannelAllocation {
  channel: string
  observed_cost: number
  observed_conversions: number
  cost_per_conversion: number
  current_share: number
  proposed_share: number
  proposed_budget: number
  expected_conversions: number
}

/** A budget split across channels, with what it is expected to yield. */
export interface BudgetProposal {
  budget: number
  min_share: number
  allocations: ChannelAllocation[]
  /** Channels left out because they have no cost or no conversion yet. */
  excluded: Array<{ channel: string; reason: string }>
  expected_conversions_current_mix: number
  expected_conversions_proposed_mix: number
  /** 1 − mean relative standard error of the CPA estimates (Poisson: 1/√conversions). */
  confidence: number
}

const round = (value: number, digits = 4) => Math.round(value * 10 ** digits) / 10 ** digits

/**
 * Splits `budget` across channels by observed efficiency (conversions per unit
 * of cost, i.e. 1/CPA): every channel with data keeps `minShare` so it can
 * still be measured, and the rest is shared in proportion to efficiency.
 * Expected conversions assume each channel keeps its observed cost per
 * conversion (no saturation model), for the proposed and the current mix.
 */
export function allocateBudget(
  observations: ChannelObservation[],
  budget: number,
  minShare = 0.1
): BudgetProposal {
  const excluded: BudgetProposal['excluded'] = []
  const eligible = observations.filter((item) => {
    if (!(item.cost > 0)) excluded.push({ channel: item.channel, reason: 'no recorded cost' })
    else if (!(item.conversions > 0))
      excluded.push({ channel: item.channel, reason: 'no conversions yet' })
    else return true
    return false
  })
  if (!eligible.length) {
    return {
      budget,
      min_share: minShare,
      allocations: [],
      excluded,
      expected_conversions_current_mix: 0,
      expected_conversions_proposed_mix: 0,
      confidence: 0,
    }
  }
  const floor = eligible.length * minShare >= 1 ? 1 / eligible.length : minShare
  const rest = 1 - floor * eligible.length
  const efficiency = eligible.map((item) => item.conversions / item.cost)
  const totalEfficiency = efficiency.reduce((sum, value) => sum + value, 0)
  const totalCost = eligible.reduce((sum, item) => sum + item.cost, 0)
  const allocations = eligible.map((item, index) => {
    const cpa = item.cost / item.conversions
    const proposedShare = floor + (rest * efficiency[index]) / totalEfficiency
    const currentShare = item.cost / totalCost
    return {
      channel: item.channel,
      observed_cost: item.cost,
      observed_conversions: item.conversions,
      cost_per_conversion: round(cpa),
      current_share: round(currentShare),
      proposed_share: round(proposedShare),
      proposed_budget: round(budget * proposedShare, 2),
      expected_conversions: round((budget * proposedShare) / cpa, 2),
      currentConversions: (budget * currentShare) / cpa,
      proposedConversions: (budget * proposedShare) / cpa,
    }
  })
  const relativeErrors = eligible.map((item) => 1 / Math.sqrt(item.conversions))
  const confidence = Math.max(
    0,
    Math.min(1, 1 - relativeErrors.reduce((sum, value) => sum + value, 0) / relativeErrors.length)
  )
  return {
    budget,
    min_share: floor,
    allocations: allocations
      .map(
        ({ currentConversions: _current, proposedConversions: _proposed, ...allocation }) =>
          allocation
      )
      .sort((a, b) => b.proposed_share - a.proposed_share),
    excluded,
    expected_conversions_current_mix: round(
      allocations.reduce((sum, item) => sum + item.currentConversions, 0),
      2
    ),
    expected_conversions_proposed_mix: round(
      allocations.reduce((sum, item) => sum + item.proposedConversions, 0),
      2
    ),
    confidence: round(confidence),
  }
}
