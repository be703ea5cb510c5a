/**
 * Minimal typings of the parts of autocannon 8 the benchmarks use (the package
 * ships none and @types/autocannon is not a dependency).
 */
declare module 'autocannon' {
  /** Options of one autocannon run. */
  export interface Options {
    url: string
    connections?: number
    duration?: number
    pipelining?: number
    timeout?: number
    method?: string
    body?: string
    headers?: Record<string, string>
  }

  /** Percentiles and mean of a histogram (milliseconds for latency). */
  export interface Histogram {
    average: number
    mean: number
    stddev: number
    min: number
    max: number
    total: number
    p50: number
    p90: number
    p99: number
    p99_9: number
  }

  /** Aggregated result of a run. */
  export interface Result {
    'duration': number
    'errors': number
    'timeouts': number
    'non2xx': number
    '2xx': number
    'latency': Histogram
    'requests': Histogram
  }

  /** Runs a load test and resolves with its aggregated result. */
  function autocannon(options: Options): Promise<Result> & { stop?: () => void }
  export default autocannon
}
