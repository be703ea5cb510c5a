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
