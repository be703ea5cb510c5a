import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import type { WorkerEvents } from 'graphile-worker'

/**
 * The platform's Prometheus metrics (prom-client), one registry per process,
 * served by `GET /metrics` (core/http/metrics_controller.ts). Every API
 * process and every `node ace worker` keeps its own counters: Prometheus
 * scrapes each and sums them (docs/guide/deploy.md).
 */
export const metricsRegistry = new Registry()

collectDefaultMetrics({ register: metricsRegistry, prefix: 'aip_' })

/** HTTP requests by method, route pattern and status. */
export const httpRequests = new Counter({
  name: 'aip_http_requests_total',
  help: 'HTTP requests by method, route pattern and status',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [metricsRegistry],
})

/** HTTP request latency by method, route pattern and status. */
export const httpDuration = new Histogram({
  name: 'aip_http_request_duration_seconds',
  help: 'HTTP request latency in seconds by method, route pattern and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
})

/** Jobs run by this process, by task and outcome (success, retry, failed). */
export const jobRuns = new Counter({
  name: 'aip_jobs_total',
  help: 'Jobs run by this process by task and outcome (success, retry: failed and will be retried, failed: out of attempts)',
  labelNames: ['task', 'outcome'] as const,
  registers: [metricsRegistry],
})

/** Job run time by task and outcome. */
export const jobDuration = new Histogram({
  name: 'aip_job_duration_seconds',
  help: 'Job run time in seconds by task and outcome',
  labelNames: ['task', 'outcome'] as const,
  buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
  registers: [metricsRegistry],
})

/** Webhook delivery attempts by outcome (succeeded, retrying, failed). */
export const webhookDeliveries = new Counter({
  name: 'aip_webhook_deliveries_total',
  help: 'Webhook delivery attempts by outcome (succeeded; retrying: failed, another attempt is scheduled; failed: out of attempts)',
  labelNames: ['outcome'] as const,
  registers: [metricsRegistry],
})

/** AI gateway calls by provider and operation. */
export const aiCalls = new Counter({
  name: 'aip_ai_calls_total',
  help: 'AI gateway calls by provider and operation (text, stream, object, embed)',
  labelNames: ['provider', 'operation'] as const,
  registers: [metricsRegistry],
})

/** AI spend by provider, in US dollars, as the usage meter prices it. */
export const aiCost = new Counter({
  name: 'aip_ai_cost_usd_total',
  help: 'AI cost in US dollars by provider (model registry prices)',
  labelNames: ['provider'] as const,
  registers: [metricsRegistry],
})

/** AI tokens by provider and direction (input, output). */
export const aiTokens = new Counter({
  name: 'aip_ai_tokens_total',
  help: 'AI tokens by provider and direction (input, output)',
  labelNames: ['provider', 'direction'] as const,
  registers: [metricsRegistry],
})

/** Reads one connection pool's use at scrape time. */
export type PoolProbe = () => { used: number; free: number; pending: number } | null

const poolProbes = new Map<string, PoolProbe>()

/** Connections of each pool (app: Lucid's; worker: graphile-worker's) by state. */
export const poolConnections = new Gauge({
  name: 'aip_db_pool_connections',
  help: 'Database pool connections by pool (app, worker) and state (used, free, pending: callers waiting for one)',
  labelNames: ['pool', 'state'] as const,
  registers: [metricsRegistry],
  collect() {
    this.reset()
    for (const [pool, probe] of poolProbes) {
      const use = probe()
      if (!use) continue
      this.set({ pool, state: 'used' }, use.used)
      this.set({ pool, state: 'free' }, use.free)
      this.set({ pool, state: 'pending' }, use.pending)
    }
  },
})

/** Registers a pool whose use `aip_db_pool_connections` reports. */
export function observePool(name: string, probe: PoolProbe) {
  poolProbes.set(name, probe)
}

/** Counts every job the worker behind `events` runs, with its run time. */
export function observeJobs(events: WorkerEvents) {
  const started = new Map<string, bigint>()
  const finish = (job: { id: string; task_identifier: string }, outcome: string) => {
    const start = started.get(job.id)
    started.delete(job.id)
    jobRuns.inc({ task: job.task_identifier, outcome })
    if (start !== undefined) {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9
      jobDuration.observe({ task: job.task_identifier, outcome }, seconds)
    }
  }
  events.on('job:start', ({ job }) => started.set(job.id, process.hrtime.bigint()))
  events.on('job:success', ({ job }) => finish(job, 'success'))
  events.on('job:error', ({ job }) =>
    finish(job, job.attempts >= job.max_attempts ? 'failed' : 'retry')
  )
}
