import aiConfig from '#config/ai'
import type { RemoteProvider } from '#core/ai/ai_config'
import { AiGatewayError } from '#core/ai/ai_gateway_error'
import { currentContext } from '#core/tenancy/tenant_context'
import { revealSecret } from '#core/secrets/secret_vault'
import { SecretDecryptionError } from '#core/secrets/secret_cipher'

/** Where a provider key came from. */
export type KeySource = 'vault' | 'environment'

/**
 * The API key for a remote provider: the caller's own key from the secrets
 * vault first (bring your own key: service name = provider name; the reveal is
 * audited with the call's purpose), then the platform's key from the
 * environment; null when neither exists. Anonymous contexts (embeds) have no
 * vault and use the platform key only.
 */
export async function resolveApiKey(
  provider: RemoteProvider,
  purpose: string
): Promise<{ key: string; source: KeySource } | null> {
  const context = currentContext()
  if (context?.userId && context.role === 'app_authenticated') {
    try {
      const own = await revealSecret(provider, `ai:${purpose}`)
      if (own) return { key: own, source: 'vault' }
    } catch (error) {
      if (!(error instanceof SecretDecryptionError)) throw error
      throw new AiGatewayError(
        422,
        'ai-key-unreadable',
        'AI provider key unreadable',
        `Your stored "${provider}" key cannot be decrypted: store it again`,
        { provider, errors: [{ field: 'provider', message: 'Stored key unreadable', rule: 'key' }] }
      )
    }
  }
  const fromEnvironment = aiConfig.providers[provider].apiKey
  if (fromEnvironment) return { key: fromEnvironment, source: 'environment' }
  return null
}
