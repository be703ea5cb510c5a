import app from '@adonisjs/core/services/app'
import { type HttpContext, ExceptionHandler } from '@adonisjs/core/http'
import { toProblem } from '#core/exceptions/problem_mapper'
import {
  clientClosedProblem,
  isClientAbort,
  requestTimeoutProblem,
  wasTimedOut,
} from '#core/http/client_abort'
import type { Problem } from '#core/http/problem'

/**
 * Renders every error as `application/problem+json` (RFC 9457): stable `type`,
 * `title`, `status`, `detail`, the request id as `instance`, and per-field
 * `errors` on 422. Stack traces and SQL never reach the client.
 */
export default class HttpExceptionHandler extends ExceptionHandler {
  protected debug = false
  protected renderStatusPages = false

  async handle(error: unknown, ctx: HttpContext) {
    const problem = problemFor(error, ctx)
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
    const problem = problemFor(error, ctx)
    if (problem.code === 'E_CLIENT_CLOSED_REQUEST') {
      // Anyone can abort an upload: an info line without stack, never an error.
      ctx.logger.info({ status: problem.status, reason: reasonOf(error) }, 'client closed request')
    } else if (problem.status >= 500) {
      ctx.logger.error({ err: error, request_id: ctx.request.id() }, 'request failed')
    } else if (!app.inTest) {
      ctx.logger.debug({ status: problem.status, type: problem.type }, 'client error')
    }
  }
}

/** The problem for an error; a request cut off by a timeout or by its client are their own cases. */
function problemFor(error: unknown, ctx: HttpContext): Problem {
  if (wasTimedOut(ctx.request.request)) return requestTimeoutProblem()
  return isClientAbort(error, ctx.request.request) ? clientClosedProblem() : toProblem(error)
}

/** A short reason for the log: the error's code, else its message. */
function reasonOf(error: unknown) {
  const candidate = error as { code?: unknown; message?: unknown } | null
  return String(candidate?.code ?? candidate?.message ?? 'unknown').slice(0, 200)
}
