import { SignJWT } from 'jose'
import type { ApiClient } from '@japa/api-client'
import type { TestAccount } from '#tests/helpers/accounts'

/** Creates a publishable embed key through the API and returns it. */
export async function createEmbedKey(
  client: ApiClient,
  admin: TestAccount,
  workspaceId: string,
  body: Record<string, unknown> = {}
) {
  const response = await client
    .post('/v1/embed/keys')
    .bearerToken(admin.token)
    .header('x-workspace-id', workspaceId)
    .json({
      name: 'Website',
      allowed_origins: ['https://shop.example.test'],
      capabilities: ['support:submit'],
      ...body,
    })
  if (response.status() !== 201) {
    throw new Error(`embed key creation failed: ${response.status()} ${response.text()}`)
  }
  return response.body() as {
    id: string
    public_key: string
    allowed_origins: string[]
    capabilities: string[]
    workspace_id: string
  }
}

/** Sets the lead form an embed key serves (leads plugin) through the API and returns it. */
export async function setLeadForm(
  client: ApiClient,
  admin: TestAccount,
  workspaceId: string,
  embedKeyId: string,
  formDefinition: Record<string, unknown> | null
) {
  const response = await client
    .put(`/v1/embed/keys/${embedKeyId}/lead-form`)
    .bearerToken(admin.token)
    .header('x-workspace-id', workspaceId)
    .json({ form_definition: formDefinition })
  if (response.status() !== 200) {
    throw new Error(`setting the lead form failed: ${response.status()} ${response.text()}`)
  }
  return response.body() as { embed_key_id: string; form_definition: unknown; updated_at: string }
}

/** A workspace embed secret key as created (the secret is only in this answer). */
export interface CreatedSecretKey {
  id: string
  workspace_id: string
  name: string
  secret: string
  secret_hint: string
}

/** Creates an embed secret key (signs end-user session tokens) through the API. */
export async function createEmbedSecretKey(
  client: ApiClient,
  admin: TestAccount,
  workspaceId: string,
  name = 'Backend'
): Promise<CreatedSecretKey> {
  const response = await client
    .post('/v1/embed/secret-keys')
    .bearerToken(admin.token)
    .header('x-workspace-id', workspaceId)
    .json({ name })
  if (response.status() !== 201) {
    throw new Error(`secret key creation failed: ${response.status()} ${response.text()}`)
  }
  return response.body()
}

/** What a host's backend puts in a session token (see docs/guide/embed-sessions.md). */
export interface SessionClaims {
  sub: string
  name?: string
  email?: string
  scope?: string
  aud?: string
  /** Seconds since the epoch; default now. */
  iat?: number
  /** Seconds since the epoch; default iat + 10 minutes. */
  exp?: number
  jti?: string
}

/**
 * Mints an end-user session token the way a host's backend does (jose, HS256,
 * kid = the secret key's id). `secret` defaults to the key's own secret.
 */
export async function mintSessionToken(
  key: Pick<CreatedSecretKey, 'id' | 'secret'>,
  claims: SessionClaims,
  secret = key.secret
): Promise<string> {
  const iat = claims.iat ?? Math.floor(Date.now() / 1000)
  const { aud = 'aip-embed', exp = iat + 600, ...rest } = claims
  return new SignJWT({ ...rest, iat, exp, aud })
    .setProtectedHeader({ alg: 'HS256', kid: key.id, typ: 'JWT' })
    .sign(new TextEncoder().encode(secret))
}
