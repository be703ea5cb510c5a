import { test } from '@japa/runner'
import {
  forecastAccuracy,
  holtFilter,
  holtForecast,
  holtForecastVariance,
  linearForecast,
  tQuantile975,
} from '../services/statistics.js'
import { kpisOf, scorePerformance, suggestionsFor } from '../services/performance_scoring.js'
import { allocateBudget } from '../services/budget_allocation.js'

/*
| The statistics checked against values computed by hand (the working is in
| the comments), so a regression in a formula fails here first.
*/
test.group('Campaigns: statistics against hand-computed values', () => {
  test("Holt's recursions for fixed α = β* = 0.5", ({ assert }) => {
    // l1 = 10, b1 = 2. t2: ŷ = 12, l = 12, b = 2. t3: ŷ = 14, l = 14.5, b = 2.25.
    // t4: ŷ = 16.75, l = 0.5·16 + 0.5·16.75 = 16.375, b = 0.5·1.875 + 0.5·2.25 = 2.0625.
    const run = holtFilter([10, 12, 15, 16], 0.5, 0.5)
    assert.deepEqual(run.fitted, [12, 14, 16.75])
    assert.closeTo(run.level, 16.375, 1e-12)
    assert.closeTo(run.trend, 2.0625, 1e-12)
    assert.closeTo(run.sse, 0 + 1 + 0.5625, 1e-12)
  })

  test("Holt's h-step variance: σ²[1 + (h−1)(α² + αβh + β²h(2h−1)/6)], β = αβ*", ({ assert }) => {
    // α = 0.5, β* = 0.5 → β = 0.25; h = 3: 1 + 2·(0.25 + 0.375 + 0.15625) = 2.5625; σ² = 4.
    assert.closeTo(holtForecastVariance(2, 0.5, 0.5, 3), 10.25, 1e-12)
    assert.closeTo(holtForecastVariance(2, 0.5, 0.5, 1), 4, 1e-12)
  })

  test("Holt's forecast continues an exact trend with zero-width intervals and full confidence", ({
    assert,
  }) => {
    const fit = holtForecast([5, 7, 9, 11, 13, 15], 3)
    assert.deepEqual(
      fit.forecast.map((point) => [point.value, point.lower, point.upper]),
      [
        [17, 17, 17],
        [19, 19, 19],
        [21, 21, 21],
      ]
    )
    assert.equal(fit.confidence, 1)
    assert.equal(fit.rSquared, 1)
  })

  test("Holt's grid search picks the smallest SSE and its intervals widen with the horizon", ({
    assert,
  }) => {
    const values = [10, 12, 15, 16, 18, 21, 22, 25, 24, 28]
    const fit = holtForecast(values, 5)
    for (let a = 1; a <= 19; a++) {
      for (let b = 1; b <= 19; b++) {
        assert.isAtLeast(holtFilter(values, a / 20, b / 20).sse + 1e-9, fit.parameters.sse)
      }
    }
    // σ² = SSE / (9 one-step errors − 2); the first interval is ±1.959964·σ.
    assert.closeTo(fit.sigma, Math.sqrt(fit.parameters.sse / 7), 1e-12)
    const first = fit.forecast[0]
    assert.closeTo(first.upper - first.value, 1.959963984540054 * fit.sigma, 1e-9)
    const widths = fit.forecast.map((point) => point.upper - point.lower)
    widths.slice(1).forEach((width, index) => assert.isAbove(width, widths[index]))
    assert.isAbove(fit.confidence, 0.9)
    assert.isBelow(fit.confidence, 1)
  })

  test('least squares line, R², t-based prediction intervals and confidence', ({ assert }) => {
    // y = 1,3,2,5,4 on t = 1..5: x̄ = 3, ȳ = 3, Sxx = 10, Sxy = 8 → b = 0.8, a = 0.6.
    // Residuals −0.4, 0.8, −1, 1.2, −0.6 → SSE = 3.6, s = √1.2, SST = 10 → R² = 0.64.
    // t = 6: ŷ = 5.4, half = t(3)·√1.2·√(1 + 1/5 + 9/10) = 3.182446·1.0954451·1.4491377 = 5.05197.
    // t = 7: ŷ = 6.2, half = 3.182446·1.0954451·√2.8 = 5.83352.
    const fit = linearForecast([1, 3, 2, 5, 4], 2)
    assert.closeTo(fit.parameters.slope, 0.8, 1e-12)
    assert.closeTo(fit.parameters.intercept, 0.6, 1e-12)
    assert.closeTo(fit.rSquared, 0.64, 1e-12)
    assert.closeTo(fit.sigma, Math.sqrt(1.2), 1e-12)
    assert.closeTo(fit.forecast[0].value, 5.4, 1e-12)
    assert.closeTo(fit.forecast[0].upper - fit.forecast[0].value, 5.05197, 1e-4)
    assert.closeTo(fit.forecast[1].value, 6.2, 1e-12)
    assert.closeTo(fit.forecast[1].value - fit.forecast[1].lower, 5.83352, 1e-4)
    // rmse = √(3.6/5) = 0.848528; confidence = 1 / (1 + 0.848528/3) = 0.779519.
    assert.closeTo(fit.confidence, 0.779519, 1e-6)
    assert.throws(() => linearForecast([1, 2], 1), /at least 3/)
    assert.throws(() => holtForecast([1, 2, 3], 1), /at least 4/)
  })

  test("Student's t quantiles match the tables", ({ assert }) => {
    assert.closeTo(tQuantile975(3), 3.182446, 1e-6)
    assert.closeTo(tQuantile975(30), 2.042272, 1e-6)
    assert.closeTo(tQuantile975(60), 2.000298, 1e-5)
    assert.closeTo(tQuantile975(120), 1.97993, 1e-5)
  })

  test('forecast accuracy is 1 − WAPE', ({ assert }) => {
    // |16−17| + |20−19| + |20−21| = 3 over 56 actual → accuracy 53/56.
    const score = forecastAccuracy([
      { actual: 16, forecast: 17 },
      { actual: 20, forecast: 19 },
      { actual: 20, forecast: 21 },
    ])!
    assert.closeTo(score.wape!, 3 / 56, 1e-12)
    assert.closeTo(score.accuracy, 53 / 56, 1e-12)
    assert.isNull(forecastAccuracy([]))
    assert.equal(forecastAccuracy([{ actual: 10, forecast: 40 }])!.accuracy, 0)
  })

  test('performance score: 50 × relative performance per KPI, weighted', ({ assert }) => {
    const kpis = kpisOf({
      impressions: 10000,
      clicks: 200,
      conversions: 10,
      cost: 200,
      revenue: 400,
    })
    // ctr 0.02, conversion rate 0.05, cpc 1, cpa 20, roi 1.
    assert.deepEqual(kpis, { ctr: 0.02, conversion_rate: 0.05, cpc: 1, cpa: 20, roi: 1 })
    // ctr 0.02 vs 0.04 → 0.5 → 25; cpa 20 vs 10 → 0.5 → 25; roi (1+1)/(1+0.5) → 66.67.
    // (25·0.15 + 25·0.25 + 66.667·0.3) / 0.7 = 42.857.
    const { score, parts } = scorePerformance(kpis, { ctr: 0.04, cpa: 10, roi: 0.5 })
    assert.equal(score, 42.86)
    assert.lengthOf(parts, 3)
    assert.isNull(scorePerformance(kpis, {}).score)
    assert.equal(scorePerformance(kpis, { ctr: 0.001 }).score, 100)
    assert.isNull(kpisOf({ impressions: 0, clicks: 0, conversions: 0, cost: 0, revenue: 0 }).ctr)
  })

  test('suggestions follow from the data', ({ assert }) => {
    const kpis = kpisOf({ impressions: 10000, clicks: 200, conversions: 10, cost: 400, revenue: 0 })
    const { parts } = scorePerformance(kpis, { ctr: 0.05, cpa: 10 })
    const suggestions = suggestionsFor({
      parts,
      kpis,
      recentClicks: 50,
      previousClicks: 150,
      spentShare: 0.9,
      elapsedShare: 0.5,
    })
    assert.sameMembers(
      suggestions.map((item) => item.rule),
      [
        'ctr_below_benchmark',
        'cpa_above_benchmark',
        'negative_roi',
        'declining_clicks',
        'overspending_pace',
      ]
    )
    assert.equal(suggestions[0].severity, 'high')
    const ctr = suggestions.find((item) => item.rule === 'ctr_below_benchmark')!
    assert.equal(
      ctr.message,
      'CTR 2.00% is below the benchmark 5.00%: refresh the creative or narrow the targeting'
    )
    const good = scorePerformance(kpis, { ctr: 0.01 })
    assert.deepEqual(
      suggestionsFor({
        parts: good.parts,
        kpis: { ...kpis, roi: 0.5 },
        recentClicks: 100,
        previousClicks: 100,
        spentShare: 0.5,
        elapsedShare: 0.5,
      }),
      []
    )
  })

  test('budget allocation by cost per conversion with a floor per channel', ({ assert }) => {
    // A: 100 cost / 10 conv (CPA 10), B: 100 / 5 (CPA 20). Floor 0.1 each, 0.8 by efficiency
    // (0.1 and 0.05): A = 0.1 + 0.8·2/3 = 0.63333, B = 0.1 + 0.8/3 = 0.36667.
    // Expected: 633.33/10 + 366.67/20 = 81.67 vs 500/10 + 500/20 = 75 for the current mix.
    // Confidence: 1 − (1/√10 + 1/√5)/2 = 0.618279.
    const proposal = allocateBudget(
      [
        { channel: 'a', cost: 100, conversions: 10 },
        { channel: 'b', cost: 100, conversions: 5 },
        { channel: 'c', cost: 50, conversions: 0 },
      ],
      1000
    )
    assert.deepEqual(
      proposal.allocations.map((item) => [item.channel, item.proposed_share, item.proposed_budget]),
      [
        ['a', 0.6333, 633.33],
        ['b', 0.3667, 366.67],
      ]
    )
    assert.equal(proposal.expected_conversions_proposed_mix, 81.67)
    assert.equal(proposal.expected_conversions_current_mix, 75)
    assert.equal(proposal.confidence, 0.6183)
    assert.deepEqual(proposal.excluded, [{ channel: 'c', reason: 'no conversions yet' }])
  })
})
