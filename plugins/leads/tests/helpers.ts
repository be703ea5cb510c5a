import type { ApiClient } from '@japa/api-client'
import { withTenant, withAnonymous, type TenantContext } from '#sdk'
import type { TestAccount } from '#tests/helpers/accounts'

/**
 * Runs `fn` as an anonymous embed submission would: role `app_anon` with
 * `app.workspace_id` set and no user, in its own transaction.
 */
export function asAnonymous<T>(workspaceId: string, fn: () => Promise<T>): Promise<T> {
  return withAnonymous(workspaceId, () => fn())
}

/** Runs `fn` in the account's personal workspace as that user. */
export function asAccount<T>(account: TestAccount, fn: (context: TenantContext) => Promise<T>) {
  return withTenant({ userId: account.id, workspaceId: account.personalWorkspaceId }, fn)
}

/** Creates a lead through the API and returns its body. */
export async function createLead(
  client: ApiClient,
  account: TestAccount,
  body: Record<string, unknown>
) {
  const response = await client
    .post('/v1/leads')
    .bearerToken(account.token)
    .json({ source: 'website', ...body })
  if (response.status() !== 201) {
    throw new Error(`lead creation failed: ${response.status()} ${response.text()}`)
  }
  return response.body()
}

/** Creates a scoring rule through the API and returns its body. */
export async function createRule(
  client: ApiClient,
  account: TestAccount,
  body: Record<string, unknown>
) {
  const response = await client
    .post('/v1/leads/scoring-rules')
    .bearerToken(account.token)
    .json(body)
  if (response.status() !== 201) {
    throw new Error(`rule creation failed: ${response.status()} ${response.text()}`)
  }
  return response.body()
}
