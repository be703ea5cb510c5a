/*
| Forecasting statistics for campaign metrics, as pure functions so they can be
| checked against hand-computed values. Two methods:
|
| - Holt's linear trend (double exponential smoothing, ETS(A,A,N)), with the
|   smoothing parameters chosen by grid search on the one-step-ahead squared
|   error, and the ETS(A,A,N) h-step prediction variance
|   σ²·[1 + (h−1)·(α² + αβh + β²h(2h−1)/6)] with β = α·β* (Hyndman &
|   Athanasopoulos, "Forecasting: principles and practice", 2nd ed., 7.5–7.7).
| - Ordinary least squares on time, with the classic prediction interval
|   ŷ ± t(n−2) · s · √(1 + 1/n + (x₀ − x̄)²/Sxx) and R².
*/

/** One forecast point: the central value and its prediction interval. */
export interface ForecastPoint {
  /** Steps ahead of the last observation (1 = the next period). */
  step: number
  value: number
  lower: number
  upper: number
}

/** The result of fitting a method to a series and forecasting `horizon` steps. */
export interface ForecastResult {
  method: 'holt' | 'linear_regression'
  parameters: Record<string, number>
  /** Root mean squared error of the in-sample (one-step-ahead for Holt) residuals. */
  rmse: number
  /** Residual standard deviation used for the intervals. */
  sigma: number
  /** Coefficient of determination of the fit (in-sample). */
  rSquared: number
  /** Confidence in the fit, 0–1: 1 / (1 + rmse / mean(|y|)). */
  confidence: number
  level: number
  forecast: ForecastPoint[]
}

/** Smallest series each method accepts. */
export const MIN_POINTS = { holt: 4, linear_regression: 3 } as const

const Z_95 = 1.959963984540054

/** Mean of a list (NaN for an empty one). */
export function mean(values: number[]) {
  return values.reduce((sum, value) => sum + value, 0) / values.length
}

/** Student's t quantiles at 0.975 for 1–30 degrees of freedom (standard tables). */
const T_975 = [
  12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004, 2.262157,
  2.228139, 2.200985, 2.178813, 2.160369, 2.144787, 2.13145, 2.119905, 2.109816, 2.100922, 2.093024,
  2.085963, 2.079614, 2.073873, 2.068658, 2.063899, 2.059539, 2.055529, 2.051831, 2.048407, 2.04523,
  2.042272,
]

/**
 * Quantile of Student's t distribution at probability 0.975 for `df` degrees
 * of freedom: the table up to 30, then the Cornish–Fisher expansion around
 * the normal quantile (Abramowitz & Stegun 26.7.5), exact to 1e-6 there.
 */
export function tQuantile975(df: number) {
  if (df >= 1 && df <= 30 && Number.isInteger(df)) return T_975[df - 1]
  const z = Z_95
  const g1 = (z ** 3 + z) / 4
  const g2 = (5 * z ** 5 + 16 * z ** 3 + 3 * z) / 96
  const g3 = (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / 384
  const g4 = (79 * z ** 9 + 776 * z ** 7 + 1482 * z ** 5 - 1920 * z ** 3 - 945 * z) / 92160
  return z + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4
}

/** Confidence derived from the fit error relative to the series level, in (0, 1]. */
export function fitConfidence(rmse: number, values: number[]) {
  const scale = mean(values.map(Math.abs))
  if (!(scale > 0)) return rmse === 0 ? 1 : 0
  return 1 / (1 + rmse / scale)
}

function rSquared(values: number[], fitted: number[]) {
  const average = mean(values)
  const total = values.reduce((sum, value) => sum + (value - average) ** 2, 0)
  const residual = values.reduce((sum, value, index) => sum + (value - fitted[index]) ** 2, 0)
  if (total === 0) return residual === 0 ? 1 : 0
  return Math.max(0, 1 - residual / total)
}

/**
 * Runs Holt's recursions for fixed parameters. Initial level y₁, initial trend
 * y₂ − y₁; returns the one-step-ahead fitted values for y₂…yₙ (each made
 * before seeing its observation) and the final level and trend.
 */
export function holtFilter(values: number[], alpha: number, beta: number) {
  let level = values[0]
  let trend = values[1] - values[0]
  const fitted: number[] = []
  for (let t = 1; t < values.length; t++) {
    const prediction = level + trend
    fitted.push(prediction)
    const nextLevel = alpha * values[t] + (1 - alpha) * prediction
    trend = beta * (nextLevel - level) + (1 - beta) * trend
    level = nextLevel
  }
  const sse = fitted.reduce((sum, value, index) => sum + (values[index + 1] - value) ** 2, 0)
  return { level, trend, fitted, sse }
}

/**
 * Variance of the h-step-ahead forecast error of Holt's method (ETS(A,A,N)):
 * σ²·[1 + (h−1)·(α² + αβh + β²h(2h−1)/6)] with β = α·β*.
 */
export function holtForecastVariance(sigma: number, alpha: number, betaStar: number, h: number) {
  const beta = alpha * betaStar
  return (
    sigma ** 2 * (1 + (h - 1) * (alpha ** 2 + alpha * beta * h + (beta ** 2 * h * (2 * h - 1)) / 6))
  )
}

/**
 * Holt's linear trend: chooses α and β* on a 0.05 grid (0.05…0.95) by the
 * smallest one-step-ahead SSE, then forecasts `horizon` steps with 95%
 * prediction intervals. σ² = SSE / (m − 2) over the m one-step errors (two
 * smoothing parameters estimated).
 */
export function holtForecast(values: number[], horizon: number): ForecastResult {
  if (values.length < MIN_POINTS.holt) {
    throw new RangeError(`Holt's method needs at least ${MIN_POINTS.holt} points`)
  }
  let best = { alpha: 0.5, beta: 0.5, ...holtFilter(values, 0.5, 0.5) }
  for (let a = 1; a <= 19; a++) {
    for (let b = 1; b <= 19; b++) {
      const alpha = a / 20
      const beta = b / 20
      const run = holtFilter(values, alpha, beta)
      if (run.sse < best.sse - 1e-12) best = { alpha, beta, ...run }
    }
  }
  const errors = values.length - 1
  const sigma = Math.sqrt(best.sse / Math.max(1, errors - 2))
  const rmse = Math.sqrt(best.sse / errors)
  const forecast: ForecastPoint[] = []
  for (let h = 1; h <= horizon; h++) {
    const value = best.level + h * best.trend
    const variance = holtForecastVariance(sigma, best.alpha, best.beta, h)
    const half = Z_95 * Math.sqrt(variance)
    forecast.push({ step: h, value, lower: value - half, upper: value + half })
  }
  return {
    method: 'holt',
    parameters: {
      alpha: best.alpha,
      beta: best.beta,
      level: best.level,
      trend: best.trend,
      sse: best.sse,
    },
    rmse,
    sigma,
    rSquared: rSquared(values.slice(1), best.fitted),
    confidence: fitConfidence(rmse, values.slice(1)),
    level: 0.95,
    forecast,
  }
}

/**
 * Least squares line y = a + b·t over t = 1…n, forecasting t = n+1…n+horizon
 * with 95% prediction intervals from Student's t with n − 2 degrees of freedom.
 */
export function linearForecast(values: number[], horizon: number): ForecastResult {
  const n = values.length
  if (n < MIN_POINTS.linear_regression) {
    throw new RangeError(`Linear regression needs at least ${MIN_POINTS.linear_regression} points`)
  }
  const xs = values.map((_value, index) => index + 1)
  const xBar = mean(xs)
  const yBar = mean(values)
  const sxx = xs.reduce((sum, x) => sum + (x - xBar) ** 2, 0)
  const sxy = xs.reduce((sum, x, index) => sum + (x - xBar) * (values[index] - yBar), 0)
  const slope = sxy / sxx
  const intercept = yBar - slope * xBar
  const fitted = xs.map((x) => intercept + slope * x)
  const sse = values.reduce((sum, value, index) => sum + (value - fitted[index]) ** 2, 0)
  const sigma = Math.sqrt(sse / Math.max(1, n - 2))
  const rmse = Math.sqrt(sse / n)
  const t = tQuantile975(Math.max(1, n - 2))
  const forecast: ForecastPoint[] = []
  for (let h = 1; h <= horizon; h++) {
    const x0 = n + h
    const value = intercept + slope * x0
    const half = t * sigma * Math.sqrt(1 + 1 / n + (x0 - xBar) ** 2 / sxx)
    forecast.push({ step: h, value, lower: value - half, upper: value + half })
  }
  return {
    method: 'linear_regression',
    parameters: { intercept, slope, sse, t_quantile: t },
    rmse,
    sigma,
    rSquared: rSquared(values, fitted),
    confidence: fitConfidence(rmse, values),
    level: 0.95,
    forecast,
  }
}

/**
 * Accuracy of a forecast against what happened: 1 − WAPE (weighted absolute
 * percentage error, Σ|actual − forecast| / Σ|actual|), floored at 0. Null
 * when nothing can be compared.
 */
export function forecastAccuracy(pairs: Array<{ actual: number; forecast: number }>) {
  if (!pairs.length) return null
  const scale = pairs.reduce((sum, pair) => sum + Math.abs(pair.actual), 0)
  const error = pairs.reduce((sum, pair) => sum + Math.abs(pair.actual - pair.forecast), 0)
  if (scale === 0) return error === 0 ? { wape: 0, accuracy: 1 } : { wape: null, accuracy: 0 }
  const wape = error / scale
  return { wape, accuracy: Math.max(0, 1 - wape) }
}
