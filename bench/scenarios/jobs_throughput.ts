import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import type pg from 'pg'
import { Logger, makeWorkerUtils, run, type Task, type WorkerUtils } from 'graphile-worker'
import { bootPlatform, platformEnv, type BootedApp } from '../lib/app.ts'
import { benchPool } from '../lib/database.ts'
import { compareRounds, type Comparison } from '../lib/report.ts'
import type { PlatformConfig } from '#core/platform_config'

/** Settings of the jobs scenario (both sides get the same). */
export interface JobsThroughputOptions {
  databaseUrl: string
  /** Jobs enqueued, then processed, per side and round. */
  jobs: number
  /** Worker concurrency (graphile-worker `concurrentJobs`). */
  concurrency: number
  /** Enqueue operations in flight at once (like concurrent requests). */
  enqueueConcurrency: number
  /** Database pool size for enqueueing (Lucid's pool on the platform side). */
  poolMax: number
  /** Rounds, alternating which side goes first. */
  rounds: number
  /**
   * Worker settings of the bare side: `platform` (the platform's, the default)
   * or `defaults` (graphile-worker's defaults for the local queue and batching,
   * the platform's concurrency, poll interval and prepared statements).
   */
  bareWorker: 'platform' | 'defaults'
  dataDir: string
}

/** Figures of one side in one round. */
export interface JobsRound {
  enqueueSeconds: number
  enqueueJobsPerSecond: number
  /** From starting the worker to the first job starting (not counted in processing). */
  startupSeconds: number
  /** From the first job starting to the queue being empty. */
  processSeconds: number
  processJobsPerSecond: number
  endToEndJobsPerSecond: number
  /** CPU time (user + system) of this Node process per job while enqueueing, µs. */
  enqueueCpuUsPerJob: number
  /** CPU time of this Node process per job while processing (worker start-up included), µs. */
  processCpuUsPerJob: number
}

/** Raw figures of the jobs scenario, written to latest.json. */
export interface JobsThroughputDetails {
  settings: Omit<JobsThroughputOptions, 'databaseUrl' | 'dataDir'> & {
    /** graphile-worker settings of the platform's worker (`workerPreset()`). */
    worker: Record<string, unknown>
    /** graphile-worker settings of the bare worker. */
    bareWorkerSettings: Record<string, unknown>
  }
  platform: JobsRound[]
  bare: JobsRound[]
}

const PLATFORM_TASK = 'bench/platform_select'
const BARE_TASK = 'bench/bare_select'
const PROCESS_TIMEOUT_MS = 60_000

/** graphile-worker logger for the bare side: errors only (the platform side logs at `warn`). */
const quietLogger = new Logger(() => (level, message) => {
  if (level === 'error') console.error(`[bare worker] ${message}`)
})

/**
 * Counts finished task runs; `done` resolves when `expected` have finished and
 * rejects on the first failure (a failed job would be retried much later).
 */
class Completion {
  #finished = 0
  #resolve!: () => void
  #reject!: (error: unknown) => void
  done: Promise<void>

  constructor(readonly expected: number) {
    this.done = new Promise((resolve, reject) => {
      this.#resolve = resolve
      this.#reject = reject
    })
  }

  /** performance.now() when the first job started (the worker's start-up excluded). */
  firstStartedAt?: number

  wrap(task: Task): Task {
    return async (payload, helpers) => {
      this.firstStartedAt ??= performance.now()
      try {
        await task(payload, helpers)
      } catch (error) {
        this.#reject(error)
        throw error
      }
      if (++this.#finished === this.expected) this.#resolve()
    }
  }
}

/** Rejects with `message` when `promise` has not settled after `ms`. */
async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** Runs `fn(0..count-1)` with `lanes` calls in flight at once. */
async function inLanes(count: number, lanes: number, fn: (index: number) => Promise<unknown>) {
  let next = 0
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < count) await fn(next++)
    })
  )
}

/**
 * Scenario (b): graphile-worker jobs through the platform's helpers against bare
 * graphile-worker, in this process, on the same database.
 *
 * - Platform: each job is enqueued with `enqueue()` (app.enqueue_job) inside its
 *   own `withTenant()` transaction, and processed by the platform's JobRuntime
 *   (`platform.startWorker`) as a `tenantJob` task: a tenant transaction per job
 *   (BEGIN with role + identity in the same round trip, the SELECT, COMMIT) on
 *   Lucid's pool.
 * - Bare: `workerUtils.addJob()` (one statement, no transaction), processed by
 *   `run()` with a plain task running the same SELECT on the worker's pool, with
 *   the platform's worker settings (`workerPreset()`: concurrency, local queue,
 *   batching), so the ratio is the cost of the platform's layers, not of tuning.
 *   `bareWorker: 'defaults'` leaves the bare side on graphile-worker's defaults
 *   for the local queue and batching (the baseline before the platform used them).
 *
 * Enqueueing and processing are timed separately: all jobs are enqueued first,
 * then the worker starts; processing is timed from the first job's start to the
 * queue being empty (the worker's start-up is recorded apart).
 */
export async function runJobsThroughput(
  options: JobsThroughputOptions,
  log: (message: string) => void
): Promise<{ comparisons: Comparison[]; details: JobsThroughputDetails }> {
  let booted: BootedApp | undefined
  const adminPool = benchPool(options.databaseUrl, 2, 'admin')
  let bareEnqueuePool: pg.Pool | undefined
  let workerUtils: WorkerUtils | undefined

  try {
    log('booting the platform in console mode (in this process)')
    booted = await bootPlatform(
      platformEnv(options.databaseUrl, options.dataDir, {
        WORKER_CONCURRENCY: String(options.concurrency),
        DB_POOL_MAX: String(options.poolMax),
      })
    )
    const { app, platform } = booted
    await platform.prepare({ seed: false })
    const { workerPreset } = await import('#core/jobs/job_runtime')
    const workerSettings = workerPreset(app.config.get<PlatformConfig>('platform').worker)
    const bareWorkerSettings =
      options.bareWorker === 'platform'
        ? workerSettings
        : {
            concurrentJobs: workerSettings.concurrentJobs,
            pollInterval: workerSettings.pollInterval,
            preparedStatements: workerSettings.preparedStatements,
            gracefulShutdownAbortTimeout: workerSettings.gracefulShutdownAbortTimeout,
          }

    const { withService, withTenant } = await import('#core/tenancy/tenant_transaction')
    const { enqueue } = await import('#core/jobs/enqueue')
    const { tenantJob } = await import('#core/jobs/tenant_job')
    const { createUserWithWorkspace } = await import('#modules/identity/services/index')

    const owner = await withService(({ trx }) =>
      createUserWithWorkspace(trx, {
        email: `bench-jobs-${process.pid}-${Date.now()}@example.com`,
        password: 'bench-password-0123456789',
        fullName: 'Bench Jobs',
      })
    )
    const identity = {
      userId: owner.user.id as string,
      workspaceId: owner.workspace.id as string,
      via: 'job' as const,
    }

    bareEnqueuePool = benchPool(options.databaseUrl, options.poolMax, 'bare enqueue')
    workerUtils = await makeWorkerUtils({ pgPool: bareEnqueuePool, logger: quietLogger })
    const utils = workerUtils

    const queueEmpty = async (task: string) => {
      for (;;) {
        const result = await adminPool.query(
          'select count(*)::int as n from graphile_worker.jobs where task_identifier = $1',
          [task]
        )
        if (result.rows[0].n === 0) return
        await sleep(5)
      }
    }

    const sides = {
      platform: {
        enqueue: (index: number) => withTenant(identity, () => enqueue(PLATFORM_TASK, { index })),
        async process(completion: Completion) {
          const task = tenantJob(async (_payload, _helpers, { trx }) => {
            await trx.rawQuery('select 1')
          })
          await platform.startWorker({ [PLATFORM_TASK]: completion.wrap(task) })
          return () => platform.jobs.stop()
        },
        task: PLATFORM_TASK,
      },
      bare: {
        enqueue: (index: number) => utils.addJob(BARE_TASK, { index }),
        async process(completion: Completion) {
          const pool = benchPool(options.databaseUrl, options.concurrency + 2, 'bare worker')
          const task: Task = async (_payload, helpers) => {
            await helpers.query('select 1')
          }
          const runner = await run({
            pgPool: pool,
            taskList: { [BARE_TASK]: completion.wrap(task) },
            noHandleSignals: true,
            logger: quietLogger,
            preset: { worker: bareWorkerSettings },
          })
          return async () => {
            await runner.stop()
            await pool.end()
          }
        },
        task: BARE_TASK,
      },
    }

    const rounds = { platform: [] as JobsRound[], bare: [] as JobsRound[] }
    for (let round = 0; round < options.rounds; round++) {
      const order =
        round % 2 === 0 ? (['bare', 'platform'] as const) : (['platform', 'bare'] as const)
      for (const name of order) {
        const side = sides[name]
        await adminPool.query('vacuum analyze graphile_worker._private_jobs')

        let started = performance.now()
        let cpu = process.cpuUsage()
        await inLanes(options.jobs, options.enqueueConcurrency, side.enqueue)
        const enqueueSeconds = (performance.now() - started) / 1000
        const enqueueCpu = process.cpuUsage(cpu)

        const completion = new Completion(options.jobs)
        started = performance.now()
        cpu = process.cpuUsage()
        const stop = await side.process(completion)
        let processSeconds = 0
        let startupSeconds = 0
        let processCpu = { user: 0, system: 0 }
        try {
          await withTimeout(
            completion.done.then(() => queueEmpty(side.task)),
            PROCESS_TIMEOUT_MS,
            `${name}: ${options.jobs} jobs not processed within ${PROCESS_TIMEOUT_MS} ms`
          )
        } finally {
          const firstStarted = completion.firstStartedAt ?? started
          startupSeconds = (firstStarted - started) / 1000
          processSeconds = (performance.now() - firstStarted) / 1000
          processCpu = process.cpuUsage(cpu)
          await stop()
        }

        const result: JobsRound = {
          enqueueSeconds,
          enqueueJobsPerSecond: options.jobs / enqueueSeconds,
          startupSeconds,
          processSeconds,
          processJobsPerSecond: options.jobs / processSeconds,
          enqueueCpuUsPerJob: (enqueueCpu.user + enqueueCpu.system) / options.jobs,
          processCpuUsPerJob: (processCpu.user + processCpu.system) / options.jobs,
          endToEndJobsPerSecond: options.jobs / (enqueueSeconds + startupSeconds + processSeconds),
        }
        rounds[name].push(result)
        log(
          `  round ${round + 1} ${name}: enqueue ${Math.round(result.enqueueJobsPerSecond)} jobs/s, ` +
            `process ${Math.round(result.processJobsPerSecond)} jobs/s`
        )
      }
    }

    const series = (list: JobsRound[], key: keyof JobsRound) => list.map((item) => item[key])
    const scenario = 'Jobs: platform helpers vs bare graphile-worker'
    const measures = [
      ['enqueue (higher is better)', 'enqueueJobsPerSecond', 'jobs/s'],
      ['processing (higher is better)', 'processJobsPerSecond', 'jobs/s'],
      ['enqueue + processing (higher is better)', 'endToEndJobsPerSecond', 'jobs/s'],
      ['Node CPU per job, enqueue (lower is better)', 'enqueueCpuUsPerJob', 'µs'],
      ['Node CPU per job, processing (lower is better)', 'processCpuUsPerJob', 'µs'],
    ] as const
    const comparisons = measures.map(([measure, key, unit]) =>
      compareRounds(scenario, measure, unit, series(rounds.platform, key), series(rounds.bare, key))
    )
    const settings = {
      jobs: options.jobs,
      concurrency: options.concurrency,
      enqueueConcurrency: options.enqueueConcurrency,
      poolMax: options.poolMax,
      rounds: options.rounds,
    }
    return {
      comparisons,
      details: {
        settings: {
          ...settings,
          bareWorker: options.bareWorker,
          worker: workerSettings,
          bareWorkerSettings,
        },
        platform: rounds.platform,
        bare: rounds.bare,
      },
    }
  } finally {
    await workerUtils?.release()
    await bareEnqueuePool?.end()
    await adminPool.end()
    await booted?.app.terminate()
  }
}
