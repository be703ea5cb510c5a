import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import platform from '#core/services/platform'

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
      checks.database = { status: 'unavailable', detail: (error as Error).message }
    }
    const worker = platform.jobs.state
    checks.worker =
      worker === 'failed'
        ? { status: 'failed', detail: platform.jobs.lastError }
        : { status: worker === 'disabled' ? 'disabled' : worker }
    const ok = checks.database.status === 'ok' && worker !== 'failed' && worker !== 'stopped'
    response.status(ok ? 200 : 503)
    return { status: ok ? 'ok' : 'unavailable', checks }
  }
}
