import pg from 'pg'
import {
  Logger,
  parseCrontab,
  run,
  runMigrations,
  type Runner,
  type Task,
  type TaskList,
} from 'graphile-worker'
import type { Logger as AppLogger } from '@adonisjs/core/logger'
import type { PlatformConfig } from '#core/platform_config'
import type { LoadedPlugin } from '#core/plugins/plugin_definition'
import { coreTasks, CORE_CRONTAB } from '#core/jobs/core_tasks'

/** Connection settings accepted by `pg.Pool` (URL or socket settings). */
export type PgConnection = pg.PoolConfig

/** Lifecycle state of the in-process worker, reported by /health/ready. */
export type WorkerState = 'disabled' | 'starting' | 'running' | 'stopped' | 'failed'

/**
 * Loads the task list of the core and of every enabled plugin (tasks named
 * `<plugin>/<task>`), and joins their crontab fragments.
 */
export async function collectTasks(plugins: LoadedPlugin[], extra: TaskList = {}) {
  const taskList: TaskList = { ...coreTasks }
  const crontabs = [CORE_CRONTAB]
  for (const plugin of plugins) {
    for (const [name, load] of Object.entries(plugin.jobs ?? {})) {
      const { default: task } = await load()
      taskList[name] = task as Task
    }
    if (plugin.crontab) crontabs.push(plugin.crontab)
  }
  return { taskList: { ...taskList, ...extra }, crontab: crontabs.join('\n') }
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
      this.#runner = await run({
        pgPool: this.pool(),
        taskList,
        parsedCronItems: parseCrontab(crontab),
        noHandleSignals: true,
        logger: this.#graphileLogger(),
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
      throw error
    }
  }

  /** Stops the worker (lets running jobs finish) and closes its pool. */
  async stop() {
    if (this.#runner) {
      await this.#runner.stop()
      this.#runner = undefined
      this.state = 'stopped'
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
