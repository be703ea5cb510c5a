import type { ApiClient } from '@japa/api-client'
import integrations, { type IntegrationsConfig } from '#modules/integrations/integrations_config'
import {
  OAUTH_PROVIDERS,
  type OAuthProviderName,
} from '#modules/integrations/services/oauth_providers'
import { FakeOAuthServer, type FakeOAuthOptions } from '#tests/helpers/fake_oauth_server'
import type { TestAccount } from '#tests/helpers/accounts'

/** Base URL of the HTTP server under test (the OAuth callback is served there). */
export const testServerUrl = () => `http://${process.env.HOST}:${process.env.PORT}`

/**
 * Points providers at fake authorization servers on loopback, through the same
 * configuration the environment variables fill, and returns a restore function.
 */
export async function useFakeProviders(
  names: OAuthProviderName[],
  options: Partial<FakeOAuthOptions> = {}
): Promise<{ fakes: Record<string, FakeOAuthServer>; restore: () => Promise<void> }> {
  const saved: IntegrationsConfig = structuredClone(integrations)
  integrations.oauthRedirectBaseUrl = testServerUrl()
  const fakes: Record<string, FakeOAuthServer> = {}
  for (const name of names) {
    const fake = await new FakeOAuthServer(OAUTH_PROVIDERS[name], {
      clientId: `${name}-client-id`,
      clientSecret: `${name}-client-secret:with/odd&chars`,
      redirectUri: `${testServerUrl()}/v1/integrations/oauth/${name}/callback`,
      ...options,
    }).start()
    fakes[name] = fake
    integrations.oauthProviders[name] = {
      clientId: fake.options.clientId,
      clientSecret: fake.options.clientSecret,
      authBaseUrl: fake.url,
      apiBaseUrl: fake.url,
    }
  }
  return {
    fakes,
    restore: async () => {
      Object.assign(integrations, saved)
      await Promise.all(Object.values(fakes).map((fake) => fake.close()))
    },
  }
}

/** Starts an authorization through the API and returns the provider URL. */
export async function startAuthorization(
  client: ApiClient,
  account: TestAccount,
  provider: string,
  body: Record<string, unknown> = {},
  workspaceId?: string
) {
  const request = client
    .post(`/v1/integrations/oauth/${provider}/authorize`)
    .bearerToken(account.token)
    .json(body)
  if (workspaceId) request.header('X-Workspace-Id', workspaceId)
  const response = await request
  if (response.status() !== 201) {
    throw new Error(`authorize failed: ${response.status()} ${response.text()}`)
  }
  return response.body().authorization_url as string
}

/** Path and query of a callback URL, to replay it on the server under test (no bearer token). */
export const callbackPath = (location: URL) => location.pathname + location.search

/** Runs the whole flow (authorize, approve at the fake, callback) and returns the connection. */
export async function connect(
  client: ApiClient,
  account: TestAccount,
  provider: string,
  fake: FakeOAuthServer,
  workspaceId?: string
) {
  const url = await startAuthorization(client, account, provider, {}, workspaceId)
  const location = await fake.authorize(url)
  const response = await client.get(callbackPath(location))
  if (response.status() !== 200) {
    throw new Error(`callback failed: ${response.status()} ${response.text()}`)
  }
  return response.body().connection as Record<string, any>
}
