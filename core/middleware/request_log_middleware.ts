import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { httpDuration, httpRequests } from '#core/observability/metrics'

/**
 * Echoes the request id in `X-Request-Id` and writes one structured log line per
 * request (method, path, route, status, duration, request id, workspace), and
 * counts it in the HTTP metrics (core/observability/metrics.ts).
 */
export default class RequestLogMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const started = process.hrtime.bigint()
    const requestId = ctx.request.id()!
    ctx.response.header('X-Request-Id', requestId)
    try {
      await next()
    } finally {
      const status = ctx.response.getStatus()
      const seconds = Number(process.hrtime.bigint() - started) / 1e9
      // The route pattern, not the path: ids would make one series per row.
      const labels = {
        method: ctx.request.method(),
        route: ctx.route?.pattern ?? 'unmatched',
        status: String(status),
      }
      httpRequests.inc(labels)
      httpDuration.observe(labels, seconds)
      const entry = {
        method: ctx.request.method(),
        path: ctx.request.url(),
        route: ctx.route?.name ?? ctx.route?.pattern,
        status,
        duration_ms: seconds * 1000,
        workspace_id: ctx.response.getHeader('x-workspace-id'),
      }
      if (status >= 500) ctx.logger.error(entry, 'request')
      else ctx.logger.info(entry, 'request')
    }
  }
}
