import { createHash } from 'node:crypto'

/** A uniform [0, 1) generator. */
export type Random = () => number

/** mulberry32: a small seeded generator, so a run's draws are the same when it is retried. */
export function seededRandom(seed: number): Random {
  let state = seed | 0
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A seed derived from text (a workspace id and a day): the same text gives the same draws. */
export function seedOf(text: string) {
  return createHash('sha256').update(text).digest().readInt32LE(0)
}

/** A standard normal draw (Box–Muller). */
export function normal(random: Random) {
  const u = Math.max(random(), Number.MIN_VALUE)
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random())
}

/** A Gamma(shape, 1) draw (Marsaglia–Tsang; shape < 1 by the boost u^(1/shape)). */
export function gamma(shape: number, random: Random): number {
  if (shape < 1) return gamma(shape + 1, random) * Math.pow(Math.max(random(), 1e-300), 1 / shape)
  const d = shape - 1 / 3
  const c = 1 / Math.sqrt(9 * d)
  for (;;) {
    let x: number
    let v: number
    do {
      x = normal(random)
      v = 1 + c * x
    } while (v <= 0)
    v = v * v * v
    const u = random()
    if (u < 1 - 0.0331 * x ** 4) return d * v
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v
  }
}

/** A Beta(alpha, beta) draw: the Thompson sample of a conversion rate. */
export function betaSample(alpha: number, beta: number, random: Random) {
  const x = gamma(alpha, random)
  const y = gamma(beta, random)
  return x + y > 0 ? x / (x + y) : alpha / (alpha + beta)
}
