import autocannon from 'autocannon'
import { processCpuMs } from './processes.ts'

/** Load settings shared by both servers of a comparison. */
export interface LoadOptions {
  connections: number
  /** Seconds of measured load. */
  duration: number
  headers?: Record<string, string>
  /** HTTP method and JSON body (default GET without a body). */
  method?: 'GET' | 'PUT' | 'POST'
  body?: string
  /** PID of the server process, to measure its CPU time per request. */
  serverPid?: number
}

/** What one autocannon run measured. */
export interface LoadResult {
  requestsPerSecond: number
  latencyP50Ms: number
  latencyP99Ms: number
  latencyMeanMs: number
  requests: number
  errors: number
  non2xx: number
  /** CPU time (user + system) of the server process per request, in ms (Linux only). */
  serverCpuMsPerRequest?: number
}

/**
 * Runs autocannon against `url` (GET unless `method` says otherwise, no pipelining) and returns the figures the
 * report needs. Any error, timeout or non-2xx answer makes the run invalid.
 */
export async function runLoad(url: string, options: LoadOptions): Promise<LoadResult> {
  const cpuBefore = processCpuMs(options.serverPid)
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.duration,
    pipelining: 1,
    timeout: 10,
    headers: options.headers,
    // autocannon refuses an explicit `method: undefined` ("undefined HTTP method is not supported").
    ...(options.method ? { method: options.method } : {}),
    ...(options.body !== undefined ? { body: options.body } : {}),
  })
  const cpuAfter = processCpuMs(options.serverPid)
  const summary = {
    requestsPerSecond: result.requests.average,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    latencyMeanMs: result.latency.mean,
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    serverCpuMsPerRequest:
      cpuBefore !== undefined && cpuAfter !== undefined && result.requests.total > 0
        ? (cpuAfter - cpuBefore) / result.requests.total
        : undefined,
  }
  if (summary.errors > 0 || summary.non2xx > 0 || summary.requests === 0) {
    throw new Error(`Load run against ${url} failed: ${JSON.stringify(summary)}`)
  }
  return summary
}
