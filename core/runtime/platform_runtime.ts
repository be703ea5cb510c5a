import type { ApplicationService } from '@adonisjs/core/types'
import type { Database } from '@adonisjs/lucid/database'
import type { Logger } from '@adonisjs/core/logger'
import { MigrationRunner } from '@adonisjs/lucid/migration'
import type { TaskList } from 'graphile-worker'
import type { PlatformConfig } from '#core/platform_config'
import type { LoadedPlugin } from '#core/plugins/plugin_definition'
import { activeDomains, activePlugins } from '#core/plugins/plugin_registry'
import { EmbeddedPostgres, embeddedConnection } from '#core/database/embedded_postgres'
import { checkPluginRequirements } from '#core/database/plugin_requirements'
import { collectTasks, JobRuntime } from '#core/jobs/job_runtime'
import { runDemoSeeds } from '#core/database/demo_seeds'

/**
 * The platform's moving parts and their order: the embedded database (when no
 * DATABASE_URL), graphile-worker's schema, core and plugin migrations, the
 * demo seed, and the worker. Used by the HTTP server, ace commands and tests,
 * so all of them prepare the database the same way.
 */
export class PlatformRuntime {
  readonly embedded?: EmbeddedPostgres
  readonly jobs: JobRuntime
  #prepared?: Promise<void>
  #tasks?: ReturnType<typeof collectTasks>

  constructor(
    private app: ApplicationService,
    private config: PlatformConfig,
    private db: Database,
    logger: Logger
  ) {
    if (config.database.mode === 'embedded') this.embedded = new EmbeddedPostgres(config)
    this.jobs = new JobRuntime(this.connection(), config.worker, logger)
  }

  /** `pg` settings of the platform database (URL or embedded socket). */
  connection() {
    return this.config.database.mode === 'external'
      ? { connectionString: this.config.database.url }
      : embeddedConnection(this.config)
  }

  /** The enabled plugins, in dependency order. */
  plugins(): Promise<LoadedPlugin[]> {
    return activePlugins(this.config.plugins)
  }

  /** The core modules, then the enabled plugins: every domain that contributes. */
  domains(): Promise<LoadedPlugin[]> {
    return activeDomains(this.config.plugins)
  }

  /**
   * The kernel's and every active domain's task list, crontab and
   * `onRepeatedCrash` handlers (see collectTasks), loaded once per process:
   * the start-up reclaim, the worker and the sweeper share them.
   */
  tasks(): ReturnType<typeof collectTasks> {
    this.#tasks ??= this.domains().then((domains) => collectTasks(domains))
    return this.#tasks
  }

  /** Starts the embedded database if that is the mode (no-op otherwise). */
  async startDatabase() {
    await this.embedded?.start()
  }

  /**
   * Brings the database up to date, once per process: database server, worker
   * schema, plugin requirements, migrations, then (optionally) the demo seed.
   * `migrate: false` (DB_MIGRATE_ON_START=false, external database only)
   * leaves the worker schema and migrations to `node ace db:prepare`, run once
   * per deploy before the new nodes start (rolling deploys).
   */
  prepare(options: { seed: boolean; migrate?: boolean }) {
    this.#prepared ??= (async () => {
      await this.startDatabase()
      const migrate = options.migrate !== false || Boolean(this.embedded)
      if (migrate) await this.jobs.migrate()
      const plugins = await this.plugins()
      await checkPluginRequirements(this.db, plugins)
      if (migrate) await this.migrate()
      // The owner of the embedded data folder is the only possible worker:
      // every lock left in it belongs to a process that died.
      if (this.embedded) {
        const { crashHandlers } = await this.tasks()
        await this.jobs.reclaim('all', crashHandlers)
      }
      if (options.seed) await runDemoSeeds(await this.domains())
    })()
    return this.#prepared
  }

  /** Runs pending core and plugin migrations (in dependency order). */
  async migrate() {
    const migrator = new MigrationRunner(this.db, this.app, { direction: 'up' })
    await migrator.run()
    if (migrator.error) throw migrator.error
  }

  /**
   * Starts the worker with the kernel's and every active domain's tasks and
   * crontabs; with an external database, also the sweeper that reclaims dead
   * workers' jobs.
   */
  async startWorker(extraTasks: TaskList = {}) {
    const { taskList, crontab, crashHandlers } = await this.tasks()
    await this.jobs.start({ ...taskList, ...extraTasks }, crontab)
    if (!this.embedded) this.jobs.startSweeping(crashHandlers)
  }

  /** Stops the worker, closes database connections, stops the embedded server. */
  async shutdown() {
    await this.jobs.stop()
    await this.db.manager.closeAll()
    await this.embedded?.stop()
  }
}
