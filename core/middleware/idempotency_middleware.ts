import { createHash } from 'node:crypto'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import encryption from '@adonisjs/core/services/encryption'
import { Problem } from '#core/http/problem'
import { tenant } from '#core/tenancy/tenant_context'
import { rawQuery } from '#core/database/raw_query'
import { withTenant } from '#core/tenancy/tenant_transaction'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'

/** Encryption purpose of stored responses (a value encrypted for another purpose cannot be replayed). */
const PURPOSE = 'idempotency-response'

/** How long a stored response can be replayed. */
const RETENTION = '24 hours'

/** The transaction each request claimed its Idempotency-Key in. */
const claims = new WeakMap<HttpContext, TransactionClientContract>()

/**
 * Idempotency-Key for POST: the key is claimed in the request's own tenant
 * transaction, so it is stored together with the change it protects (or not at
 * all when the request fails and rolls back). A retry with the same key and
 * body replays the stored response; the same key with another body is refused.
 * When a remote AI call released the transaction (the claim is then committed
 * before the answer exists), a retry meanwhile gets 409, and a failure
 * releases the claim (releaseIdempotencyClaim).
 */
export default class IdempotencyMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const key = ctx.request.header('idempotency-key')
    if (ctx.request.method() !== 'POST' || key === undefined) return next()
    if (key.length < 1 || key.length > 255) {
      throw Problem.invalidField(
        'Idempotency-Key',
        'The Idempotency-Key header must have 1 to 255 characters',
        'length'
      )
    }

    const { trx, userId, workspaceId } = tenant()
    const requestHash = createHash('sha256')
      .update(`${ctx.request.method()} ${ctx.request.url()}\n${JSON.stringify(ctx.request.body())}`)
      .digest('hex')

    await rawQuery(
      trx,
      `delete from idempotency_keys where workspace_id = ? and user_id = ? and key = ?
        and created_at < now() - interval '${RETENTION}'`,
      [workspaceId, userId, key]
    )
    const claimed = await rawQuery(
      trx,
      `insert into idempotency_keys (workspace_id, user_id, key, method, path, request_hash)
        values (?, ?, ?, ?, ?, ?) on conflict do nothing returning key`,
      [workspaceId, userId, key, ctx.request.method(), ctx.request.url(), requestHash]
    )

    if (claimed.rows.length === 0) {
      const existing = await trx
        .from('idempotency_keys')
        .where({ workspace_id: workspaceId, user_id: userId, key })
        .first()
      if (!existing || existing.request_hash !== requestHash) {
        throw Problem.invalidField(
          'Idempotency-Key',
          'This Idempotency-Key was already used with a different request',
          'idempotency'
        )
      }
      if (existing.response_status === null) {
        throw Problem.conflict(
          'A request with this Idempotency-Key is still being answered: retry once it has finished'
        )
      }
      ctx.response.header('Idempotent-Replayed', 'true')
      ctx.response
        .status(existing.response_status)
        .json(encryption.decrypt(existing.response_body, PURPOSE) ?? null)
      return
    }

    claims.set(ctx, trx)
    await next()

    // Error responses roll the request back (tenant middleware): nothing to keep.
    // A streamed response committed early: streamResponse() stored its answer.
    const status = ctx.response.getStatus()
    if (status >= 400) return releaseIdempotencyClaim(ctx)
    if (tenant().trx.isCompleted) return
    await storeIdempotentResponse(ctx, status, ctx.response.getBody() ?? null)
  }
}

/**
 * Gives a failed request's Idempotency-Key back, so a retry runs again. A claim
 * still in the open request transaction goes with its rollback; one already
 * committed (a remote AI call released the transaction) is deleted in a
 * transaction of its own, after the request's current one is rolled back.
 */
export async function releaseIdempotencyClaim(ctx: HttpContext) {
  const claimedIn = claims.get(ctx)
  if (!claimedIn?.isCompleted) return
  const context = tenant()
  if (!context.trx.isCompleted) await context.trx.rollback()
  const key = ctx.request.header('idempotency-key')
  const identity = {
    userId: context.userId!,
    workspaceId: context.workspaceId!,
    credentialWorkspaceId: context.credentialWorkspaceId,
  }
  await withTenant(identity, ({ trx }) =>
    trx
      .from('idempotency_keys')
      .where({ workspace_id: identity.workspaceId, user_id: identity.userId, key })
      .whereNull('response_status')
      .delete()
  )
}

/**
 * Records the answer a retry with the request's Idempotency-Key will replay,
 * in the current tenant transaction. The middleware does it after the handler;
 * for server-sent events, streamResponse() (core/http/streamed_response.ts)
 * does it before committing. Only a request whose key this middleware claimed
 * records anything: others (no key, embed routes, which have no Idempotency-Key
 * handling) must not write over a claim that belongs to another request.
 */
export async function storeIdempotentResponse(ctx: HttpContext, status: number, body: unknown) {
  if (!claims.has(ctx)) return
  const key = ctx.request.header('idempotency-key')
  const { trx, userId, workspaceId } = tenant()
  await trx
    .from('idempotency_keys')
    .where({ workspace_id: workspaceId, user_id: userId, key })
    .update({
      response_status: status,
      // Encrypted at rest: responses such as new API keys carry one-time secrets.
      response_body: encryption.encrypt(body, { purpose: PURPOSE }),
    })
}
