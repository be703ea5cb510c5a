import { randomUUID } from 'node:crypto'
import type { ApiClient } from '@japa/api-client'

/** A registered test user with a working token. */
export interface TestAccount {
  id: string
  email: string
  password: string
  token: string
  personalWorkspaceId: string
}

/** A unique e-mail so tests never collide in the shared test database. */
export function uniqueEmail(prefix = 'user') {
  return `${prefix}-${randomUUID().slice(0, 8)}@example.test`
}

/**
 * Registers a user through the public API and returns its token and personal
 * workspace: every test acts through HTTP like a real client.
 */
export async function registerAccount(client: ApiClient, prefix = 'user'): Promise<TestAccount> {
  const email = uniqueEmail(prefix)
  const password = 'correct-horse-battery'
  const response = await client
    .post('/v1/auth/register')
    .json({ email, password, full_name: prefix })
  if (response.status() !== 201) {
    throw new Error(`registration failed: ${response.status()} ${response.text()}`)
  }
  const body = response.body()
  return {
    id: body.user.id,
    email,
    password,
    token: body.token.value,
    personalWorkspaceId: body.user.personal_workspace_id,
  }
}

/** Creates a (non-personal) workspace owned by `account`. */
export async function createWorkspace(
  client: ApiClient,
  account: TestAccount,
  body: Record<string, unknown> = {}
) {
  const response = await client
    .post('/v1/workspaces')
    .bearerToken(account.token)
    .json({ name: `ws-${randomUUID().slice(0, 6)}`, ...body })
  if (response.status() !== 201) {
    throw new Error(`workspace creation failed: ${response.status()} ${response.text()}`)
  }
  return response.body() as { id: string; name: string; role: string }
}

/** Invites `invitee` into a workspace as `role` and accepts the invitation. */
export async function addMember(
  client: ApiClient,
  admin: TestAccount,
  workspaceId: string,
  invitee: TestAccount,
  role: 'admin' | 'member' | 'viewer'
) {
  const invite = await client
    .post(`/v1/workspaces/${workspaceId}/members`)
    .bearerToken(admin.token)
    .json({ email: invitee.email, role })
  if (invite.status() !== 201) throw new Error(`invite failed: ${invite.status()} ${invite.text()}`)
  const accept = await client
    .post('/v1/invitations/accept')
    .bearerToken(invitee.token)
    .json({ token: invite.body().token })
  if (accept.status() !== 200) throw new Error(`accept failed: ${accept.status()} ${accept.text()}`)
}

/** Creates an API key in a workspace through the API; returns the key (shown once). */
export async function createApiKey(
  client: ApiClient,
  admin: TestAccount,
  workspaceId: string,
  scopes: string[],
  name = scopes.join(' ')
) {
  const response = await client
    .post('/v1/api-keys')
    .bearerToken(admin.token)
    .header('x-workspace-id', workspaceId)
    .json({ name, scopes })
  if (response.status() !== 201) {
    throw new Error(`API key creation failed: ${response.status()} ${response.text()}`)
  }
  return response.body().key as string
}
