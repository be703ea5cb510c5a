import { runTransaction } from '#core/database/run_transaction'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { Problem } from '#core/http/problem'
import { decodeCredential } from '#core/auth/credentials'
import { runInContext, type TenantContext } from '#core/tenancy/tenant_context'
import { scopeAllows } from '#core/auth/scopes'
import { rawQuery } from '#core/database/raw_query'
import { isUuid } from '#core/http/id_param'
import {
  countApiRequest,
  enforceApiRateLimit,
  releaseApiRequest,
  type RateLimitCount,
} from '#core/http/api_rate_limit'

/**
 * Checks the credential, then sets the role and tenant settings in that same
 * transaction: one round trip. Zero rows means the credential is not valid.
 */
const AUTHENTICATE_SQL = `select a.user_id, a.workspace_id, a.workspace_role, a.scopes, a.credential_id,
  w.plan, set_config('role', 'app_authenticated', true) as role
  from app.authenticate(?, ?::uuid, ?, ?::uuid) a
  left join workspaces w on w.id = a.workspace_id`

/** What the route policy passes when it mounts the middleware on a route. */
export interface TenantOptions {
  /**
   * The scope an API key must carry for this route (from its `.openapi()`
   * description, resolved once at mount time); `user` or absent: keys refused.
   */
  scope?: string
}

/**
 * Opens the request's tenant transaction: authenticates the bearer credential,
 * resolves the workspace (X-Workspace-Id or the default), switches to
 * `app_authenticated` with the identity set transaction-locally, and runs the
 * rest of the request inside that transaction (async local storage). The
 * transaction commits when the response is a success and rolls back on any
 * error response, so a failed request never leaves half-written data.
 * Each request counts against its credential's rate limit (the workspace
 * plan's, RATE_LIMIT_PLANS), with `RateLimit-*` headers and 429 beyond it.
 */
export default class TenantMiddleware {
  async handle(ctx: HttpContext, next: NextFn, { scope }: TenantOptions = {}) {
    const header = ctx.request.header('authorization') ?? ''
    const match = /^Bearer\s+(\S+)$/i.exec(header)
    if (!match) throw Problem.unauthorized()
    const credential = decodeCredential(match[1])
    if (!credential) throw Problem.unauthorized('The bearer credential is malformed')

    const workspaceHeader = ctx.request.header('x-workspace-id')
    if (workspaceHeader !== undefined && !isUuid(workspaceHeader)) {
      throw Problem.notFound('Workspace')
    }

    // The credential's rate-limit slot (core/http/api_rate_limit.ts): taken
    // before the transaction, given back when the credential is not valid.
    const count = await countApiRequest(credential.kind, credential.id)
    let invalid = false
    try {
      await this.#run(ctx, next, credential, workspaceHeader, scope, count, () => (invalid = true))
    } finally {
      if (invalid) await releaseApiRequest(count)
    }
  }

  async #run(
    ctx: HttpContext,
    next: NextFn,
    credential: NonNullable<ReturnType<typeof decodeCredential>>,
    workspaceHeader: string | undefined,
    scope: string | undefined,
    count: RateLimitCount | null,
    markInvalid: () => void
  ) {
    let context: TenantContext | undefined
    await runTransaction(
      async (trx) => {
        const result = await rawQuery(trx, AUTHENTICATE_SQL, [
          credential.kind,
          credential.id,
          credential.hash,
          workspaceHeader ?? null,
        ])
        const row = result.rows[0]
        if (!row) {
          markInvalid()
          throw Problem.unauthorized('The credential is invalid, expired or revoked')
        }
        if (!row.workspace_id) throw Problem.notFound('Workspace')
        enforceApiRateLimit(ctx, count, row.plan)

        if (credential.kind === 'api_key') {
          // Fail closed: a route without a description is not open to keys.
          if (!scope || scope === 'user') {
            throw Problem.forbidden('This route needs a user access token, not an API key')
          }
          if (!scopeAllows(row.scopes, scope)) {
            throw Problem.forbidden(`The API key lacks the "${scope}" scope`)
          }
        }

        context = {
          userId: row.user_id,
          workspaceId: row.workspace_id,
          workspaceRole: row.workspace_role,
          scopes: row.scopes,
          via: credential.kind,
          credentialId: row.credential_id,
          // What app.authenticate() confines an API key to (set again if the transaction is renewed).
          credentialWorkspaceId: credential.kind === 'api_key' ? row.workspace_id : null,
          role: 'app_authenticated',
          trx,
        }
        ctx.response.header('X-Workspace-Id', row.workspace_id)
        await runInContext(context, () => next())
      },
      committable,
      undefined,
      () => context?.trx
    )

    /**
     * AdonisJS turns an error thrown by the handler into an error response
     * before `next()` returns, so the outcome is read from the status: any
     * 4xx/5xx response rolls the whole request back.
     */
    function committable() {
      return ctx.response.getStatus() < 400
    }
  }
}
