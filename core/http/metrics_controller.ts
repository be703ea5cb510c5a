import { createHash, timingSafeEqual } from 'node:crypto'
import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import operations from '#config/operations'
import { Problem } from '#core/http/problem'
import { metricsRegistry, observePool } from '#core/observability/metrics'

interface TarnPool {
  numUsed(): number
  numFree(): number
  numPendingAcquires(): number
}

// Lucid's (knex/tarn) pool of the app's connection, read at scrape time.
observePool('app', () => {
  const connection = db.manager.get(db.primaryConnectionName)?.connection
  const pool = connection?.pool as TarnPool | null | undefined
  if (!pool) return null
  return { used: pool.numUsed(), free: pool.numFree(), pending: pool.numPendingAcquires() }
})

const digest = (value: string) => createHash('sha256').update(value).digest()

/**
 * `GET /metrics`: this process's Prometheus metrics (text format), for a
 * scraper holding METRICS_TOKEN as a bearer token. Without METRICS_TOKEN the
 * endpoint does not exist (404), so nothing is exposed by default.
 */
export default class MetricsController {
  async show({ request, response }: HttpContext) {
    const token = operations.metricsToken
    if (!token) throw new Problem(404, 'not-found', 'Not Found', 'Metrics are not enabled')
    const match = /^Bearer\s+(\S+)$/i.exec(request.header('authorization') ?? '')
    // Compared as digests: constant time whatever the lengths.
    if (!match || !timingSafeEqual(digest(match[1]), digest(token))) {
      throw Problem.unauthorized('The metrics token is missing or wrong')
    }
    response.header('Content-Type', metricsRegistry.contentType)
    return response.send(await metricsRegistry.metrics())
  }
}
