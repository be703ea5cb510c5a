import { rawQuery } from '#core/database/raw_query'
import { Problem } from '#core/http/problem'
import { runInContext, tenant, type TenantContext } from '#core/tenancy/tenant_context'
import { contextStatement } from '#core/tenancy/tenant_transaction'
import { roleAtLeast } from '#core/tenancy/workspace_role'

/**
 * Runs `fn` inside the current embed request's transaction as the workspace
 * member who created the request's publishable key (`embed_keys.created_by`):
 * `app_authenticated` with that user and their current role, confined to the
 * key's workspace. Work an end user starts from a widget (jobs queued with
 * `enqueue()`, which stamp this user as their tenant; AI usage; budget
 * reservations) is then run as, and accounted to, the member who issued the
 * key. Afterwards the transaction is back to `app_anon` with the end user's
 * session (`app.current_end_user_id()` is kept throughout).
 *
 * Check what the end user may touch (their RLS-scoped rows) before calling
 * it: inside, the member's workspace-wide access applies. A 409 problem when
 * the creator was deleted, left the workspace, or is only a viewer.
 */
export async function asEmbedKeyCreator<T>(fn: () => Promise<T>): Promise<T> {
  const context = tenant()
  const { trx, workspaceId, credentialId } = context
  if (context.role !== 'app_anon' || !workspaceId || !credentialId) {
    throw new Error('asEmbedKeyCreator() runs only inside an embed request')
  }
  const result = await rawQuery<{ user_id: string; role: string }>(
    trx,
    'select user_id, role from app.embed_key_creator(?::uuid)',
    [credentialId]
  )
  const creator = result.rows[0]
  if (!creator || !roleAtLeast(creator.role, 'member')) {
    throw new Problem(
      409,
      'embed-key-creator-unavailable',
      'Embed key has no accountable member',
      creator
        ? 'The member who created this embed key is now a viewer of the workspace and cannot start work; work started from a widget runs as (and is billed to) the key creator: an admin should issue a new key'
        : 'The member who created this embed key is no longer in the workspace; work started from a widget runs as (and is billed to) the key creator: an admin should issue a new key'
    )
  }
  const identity = { userId: creator.user_id, workspaceId, credentialWorkspaceId: workspaceId }
  await rawQuery(trx, contextStatement('app_authenticated', identity))
  const acting: TenantContext = {
    ...context,
    ...identity,
    workspaceRole: creator.role,
    via: 'embed_key_creator',
    role: 'app_authenticated',
  }
  try {
    const value = await runInContext(acting, fn)
    // Back to the visitor (only after success: a failed statement aborts the
    // transaction, which the middleware then rolls back anyway).
    await rawQuery(
      acting.trx,
      contextStatement('app_anon', {
        userId: null,
        workspaceId,
        credentialWorkspaceId: workspaceId,
      })
    )
    return value
  } finally {
    // `fn` may have replaced the transaction (withTransactionReleased around a
    // remote call): the request's context goes on with the current one.
    context.trx = acting.trx
  }
}
