import { EventEmitter } from 'node:events'
import pg from 'pg'
import {
  Logger,
  parseCrontab,
  run,
  runMigrations,
  type Runner,
  type Task,
  type TaskList,
  type WorkerEvents,
} from 'graphile-worker'
import type { Logger as AppLogger } from '@adonisjs/core/logger'
import type { PlatformConfig } from '#core/platform_config'
import type { LoadedPlugin } from '#core/plugins/plugin_definition'
import { coreTasks, CORE_CRONTAB } from '#core/jobs/core_tasks'
import { WorkerLease } from '#core/jobs/worker_lease'
import { jobSpan, tracingEnabled } from '#core/observability/tracing'
import { reclaimJobs, type ReclaimResult } from '#core/jobs/job_reclaimer'
import { runCrashHandlers, type JobCrashHandler } from '#core/jobs/job_crash_handler'
import { observeJobs, observePool } from '#core/observability/metrics'

/** Connection settings accepted by `pg.Pool` (URL or socket settings). */
export type PgConnection = pg.PoolConfig

/** Lifecycle state of the in-process worker, reported by /health/ready. */
export type WorkerState = 'disabled' | 'starting' | 'running' | 'stopped' | 'failed'

/**
 * Loads the task list of the core and of every enabled plugin (tasks named
 * `<plugin>/<task>`), joins their crontab fragments, and collects the
 * `onRepeatedCrash` handlers their task modules export.
 */
export async function collectTasks(plugins: LoadedPlugin[]) {
  const taskList: TaskList = { ...coreTasks }
  const crashHandlers: Record<string, JobCrashHandler> = {}
  const crontabs = [CORE_CRONTAB]
  for (const plugin of plugins) {
    for (const [name, load] of Object.entries(plugin.jobs ?? {})) {
      const { default: task, onRepeatedCrash } = await load()
      taskList[name] = task as Task
      if (onRepeatedCrash) crashHandlers[name] = onRepeatedCrash
    }
    if (plugin.crontab) crontabs.push(plugin.crontab)
  }
  return { taskList, crontab: crontabs.join('\n'), crashHandlers }
}

/**
 * graphile-worker's `preset.worker` for the platform's settings. In external
 * mode a local queue serves jobs fetched in batches and completions/failures
 * are recorded in batches (the same tick); in embedded mode none of that (one
 * shared session, no prepared statements, short polling). Also used by the
 * bench, so its bare baseline runs with the same worker settings.
 */
export function workerPreset(config: PlatformConfig['worker']) {
  return {
    concurrentJobs: config.concurrency,
    pollInterval: config.pollInterval,
    preparedStatements: config.preparedStatements,
    ...(config.localQueueSize > 1 ? { localQueue: { size: config.localQueueSize } } : {}),
    completeJobBatchDelay: config.jobBatchDelay,
    failJobBatchDelay: config.jobBatchDelay,
    gracefulShutdownAbortTimeout: 10_000,
  }
}

/**
 * graphile-worker for the platform: installs its schema, runs the merged task
 * list and crontab on its own `pg` pool, and stops gracefully (running jobs
 * finish or are released). Its settings come from `workerPreset()`.
 */
export class JobRuntime {
  #pool?: pg.Pool
  #runner?: Runner
  #lease?: WorkerLease
  #sweeper?: NodeJS.Timeout
  #sweeping?: Promise<unknown>
  state: WorkerState = 'disabled'
  lastError?: string

  constructor(
    private connection: PgConnection,
    private config: PlatformConfig['worker'],
    private logger: AppLogger
  ) {}

  /** The worker's own pool (separate from Lucid's). */
  pool() {
    if (!this.#pool) {
      this.#pool = new pg.Pool({ ...this.connection, max: this.config.concurrency + 2 })
      this.#pool.on('error', (error) => this.logger.error({ err: error }, 'worker pool error'))
      const pool = this.#pool
      observePool('worker', () => ({
        used: pool.totalCount - pool.idleCount,
        free: pool.idleCount,
        pending: pool.waitingCount,
      }))
      this.#pool.on('connect', (client) => {
        client.on('error', (error) => this.logger.error({ err: error }, 'worker connection error'))
      })
    }
    return this.#pool
  }

  /** Installs or upgrades the graphile_worker schema (idempotent). */
  async migrate() {
    await runMigrations({ pgPool: this.pool(), logger: this.#graphileLogger() })
  }

  /** Starts processing jobs and cron items. */
  async start(taskList: TaskList, crontab: string) {
    if (this.#runner) return
    this.state = 'starting'
    try {
      const events = new EventEmitter() as WorkerEvents
      this.#lease = new WorkerLease(this.pool(), this.config.leaseSeconds, this.logger)
      this.#lease.attach(events)
      observeJobs(events)
      this.#runner = await run({
        pgPool: this.pool(),
        taskList: traceTasks(taskList),
        parsedCronItems: parseCrontab(crontab),
        noHandleSignals: true,
        logger: this.#graphileLogger(),
        events,
        preset: { worker: workerPreset(this.config) },
      })
      this.state = 'running'
      this.#runner.promise.catch((error) => {
        this.state = 'failed'
        this.lastError = String(error?.message ?? error)
        this.logger.error({ err: error }, 'worker stopped with an error')
      })
    } catch (error) {
      this.state = 'failed'
      this.lastError = String((error as Error).message)
      await this.#lease?.release()
      this.#lease = undefined
      throw error
    }
  }

  /** graphile-worker's id of the running worker pool (the `locked_by` of its jobs). */
  workerId() {
    return this.#lease?.workerId
  }

  /**
   * Reclaims the jobs of dead workers (see reclaimJobs): `all` when this
   * process owns the embedded database, `expired` leases otherwise. Never
   * touches this process's own worker. Then runs the crash handlers of the
   * jobs it failed.
   */
  async reclaim(
    scope: 'all' | 'expired',
    crashHandlers: Record<string, JobCrashHandler>
  ): Promise<ReclaimResult> {
    const ownId = this.workerId()
    const result = await reclaimJobs(this.pool(), {
      scope,
      keep: ownId ? [ownId] : [],
      orphanSeconds: this.config.leaseSeconds,
    })
    if (result.workers.length) {
      this.logger.warn(
        { workers: result.workers, crashed: result.crashed.map((job) => job.id) },
        `reclaimed ${result.released} job(s) locked by ${result.workers.length} dead worker(s)`
      )
    }
    await runCrashHandlers(result.failed, crashHandlers, this.logger)
    return result
  }

  /**
   * External database: reclaims expired leases now and then every third of
   * the lease, so a dead worker's jobs run again within lease + lease/3.
   */
  startSweeping(crashHandlers: Record<string, JobCrashHandler>) {
    if (this.#sweeper) return
    const sweep = () => {
      if (this.#sweeping) return
      this.#sweeping = this.reclaim('expired', crashHandlers)
        .catch((error) => this.logger.error({ err: error }, 'job lock sweep failed'))
        .finally(() => (this.#sweeping = undefined))
    }
    sweep()
    this.#sweeper = setInterval(sweep, (this.config.leaseSeconds * 1000) / 3)
    this.#sweeper.unref()
  }

  /** Stops the worker (lets running jobs finish), removes its lease and closes its pool. */
  async stop() {
    clearInterval(this.#sweeper)
    this.#sweeper = undefined
    await this.#sweeping
    if (this.#runner) {
      await this.#runner.stop()
      this.#runner = undefined
      this.state = 'stopped'
    }
    if (this.#lease) {
      await this.#lease.release()
      this.#lease = undefined
    }
    if (this.#pool) {
      await this.#pool.end()
      this.#pool = undefined
    }
  }

  #graphileLogger() {
    return new Logger((scope) => (level, message, meta) => {
      const entry = {
        scope: { label: scope.label, task: scope.taskIdentifier, job: scope.jobId },
        ...meta,
      }
      if (level === 'error') this.logger.error(entry, message)
      else if (level === 'warning') this.logger.warn(entry, message)
      else if (level === 'info') this.logger.info(entry, message)
      else this.logger.debug(entry, message)
    })
  }
}

/**
 * With tracing on (core/observability/tracing.ts), each task runs inside a
 * `job <task>` span; without it the task list is handed over unchanged.
 */
function traceTasks(taskList: TaskList): TaskList {
  if (!tracingEnabled()) return taskList
  return Object.fromEntries(
    Object.entries(taskList).map(([name, task]) => [
      name,
      ((payload, helpers) =>
        jobSpan(name, { 'job.id': helpers.job.id, 'job.attempt': helpers.job.attempts }, () =>
          Promise.resolve(task!(payload, helpers))
        )) as Task,
    ])
  )
}
