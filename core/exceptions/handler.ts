import app from '@adonisjs/core/services/app'
import { type HttpContext, ExceptionHandler } from '@adonisjs/core/http'
import { toProblem } from '#core/exceptions/problem_mapper'

/**
 * Renders every error as `application/problem+json` (RFC 9457): stable `type`,
 * `title`, `status`, `detail`, the request id as `instance`, and per-field
 * `errors` on 422. Stack traces and SQL never reach the client.
 */
export default class HttpExceptionHandler extends ExceptionHandler {
  protected debug = false
  protected renderStatusPages = false

  async handle(error: unknown, ctx: HttpContext) {
    const problem = toProblem(error)
    if (problem.headers) {
      for (const [name, value] of Object.entries(problem.headers)) ctx.response.header(name, value)
    }
    ctx.response.status(problem.status).header('Content-Type', 'application/problem+json')
    ctx.response.send(
      JSON.stringify({
        type: problem.type,
        title: problem.title,
        status: problem.status,
        detail: problem.message,
        instance: `urn:request:${ctx.request.id()}`,
        ...(problem.errors ? { errors: problem.errors } : {}),
      })
    )
  }

  async report(error: unknown, ctx: HttpContext) {
    const problem = toProblem(error)
    if (problem.status >= 500) {
      ctx.logger.error({ err: error, request_id: ctx.request.id() }, 'request failed')
    } else if (!app.inTest) {
      ctx.logger.debug({ status: problem.status, type: problem.type }, 'client error')
    }
  }
}
