import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import platform from '#core/runtime/platform'

/**
 * Liveness and readiness for orchestrators. Readiness checks the database
 * with a catalog-only query (no tenant data) and the in-process worker.
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
    const ok = checks.database.status === 'ok' && worker !== 'failed' && worker !== 'stopped'
    response.status(ok ? 200 : 503)
    return { status: ok ? 'ok' : 'unavailable', checks }
  }
}
