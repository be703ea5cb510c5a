import app from '@adonisjs/core/services/app'
import type { TaskList } from 'graphile-worker'

/**
 * Group setup that runs the platform's worker (core and plugin tasks, plus
 * `extraTasks`) during the group, then stops it and puts its state back, so
 * that later suites (e.g. /health/ready) see the worker as the test server
 * started it. Use as `group.setup(() => runWorkerDuringGroup())`.
 */
export async function runWorkerDuringGroup(extraTasks: TaskList = {}) {
  const platform = await app.container.make('platform')
  const previous = platform.jobs.state
  await platform.startWorker(extraTasks)
  return async () => {
    await platform.jobs.stop()
    platform.jobs.state = previous
  }
}

/**
 * The crontab the platform's worker runs: the kernel's lines plus every active
 * domain's `crontab` (what `startWorker` schedules).
 */
export async function workerCrontab(): Promise<string> {
  const platform = await app.container.make('platform')
  const { crontab } = await platform.tasks()
  return crontab
}

/**
 * Starts a worker of its own with the platform's real task list and crontab
 * (kernel and every active domain), so the platform's worker state, which
 * /health/ready reports, is left alone. Returns its stop function.
 */
export async function startSeparateWorker(): Promise<() => Promise<void>> {
  const [{ JobRuntime }, { default: logger }, { default: platformConfig }] = await Promise.all([
    import('#core/jobs/job_runtime'),
    import('@adonisjs/core/services/logger'),
    import('#config/platform'),
  ])
  const platform = await app.container.make('platform')
  const worker = new JobRuntime(platform.connection(), platformConfig.worker, logger)
  const { taskList, crontab } = await platform.tasks()
  await worker.start(taskList, crontab)
  return () => worker.stop()
}
