import type { Task } from 'graphile-worker'
import { openText } from '#sdk'
import { providerOrNull } from '../services/provider_registry.js'
import { OAuthProviderError, revokeToken } from '../services/oauth_client.js'

/**
 * `core/oauth_revoke`: revokes a disconnected connection's tokens at the
 * provider (RFC 7009). Revoking an already invalid token succeeds, so retries
 * are safe; outages throw and retry.
 */
const oauthRevoke: Task = async (rawPayload, helpers) => {
  const payload = (rawPayload ?? {}) as {
    provider?: string
    tokens?: { sealed: string; hint: 'access_token' | 'refresh_token' }[]
  }
  const provider = providerOrNull(String(payload.provider))
  if (!provider) {
    helpers.logger.warn(`OAuth provider ${payload.provider} is not configured: not revoking`)
    return
  }
  for (const token of payload.tokens ?? []) {
    try {
      await revokeToken(provider, openText(token.sealed, `oauth.${token.hint}`), token.hint)
    } catch (error) {
      if (error instanceof OAuthProviderError && error.refused) {
        helpers.logger.warn(`${provider.name} refused to revoke a token: ${error.code}`)
        continue
      }
      throw error
    }
  }
}

export default oauthRevoke
