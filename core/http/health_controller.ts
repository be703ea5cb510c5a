import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import app from '@adonisjs/core/services/app'
import platform from '#core/runtime/platform'
import { jobLockReport } from '#core/jobs/job_lock_report'
import type { PlatformConfig } from '#core/platform_config'

/**
 * Liveness and readiness for orchestrators. Readiness checks the database
 * with a catalog-only query (no tenant data), the in-process worker, and the
 * job locks (slow jobs are reported; jobs stuck on a dead worker that no
 * sweeper reclaimed make the node not ready).
 */
export default class HealthController {
  async live() {
    return { status: 'ok' }
  }

  async ready({ response }: HttpContext) {
    const checks: Record<string, { status: string; detail?: string }> = {}
    try {
      await db.rawQuery('select 1')
      checks.database = { status: 'ok' }
    } catch (error) {
      // The reason goes to the log, not to this public endpoint.
      logger.error({ err: error }, 'readiness: database unavailable')
      checks.database = { status: 'unavailable' }
    }
    const worker = platform.jobs.state
    checks.worker = { status: worker }
    if (checks.database.status === 'ok') {
      try {
        checks.jobs = await jobLockReport(
          (sql, bindings) => db.rawQuery(sql, bindings as any[]),
          app.config.get<PlatformConfig>('platform').worker
        )
      } catch (error) {
        logger.error({ err: error }, 'readiness: job locks unavailable')
        checks.jobs = { status: 'unavailable' }
      }
    }
    const ok =
      checks.database.status === 'ok' &&
      worker !== 'failed' &&
      worker !== 'stopped' &&
      checks.jobs?.status !== 'stuck' &&
      checks.jobs?.status !== 'unavailable'
    response.status(ok ? 200 : 503)
    return { status: ok ? 'ok' : 'unavailable', checks }
  }
}
