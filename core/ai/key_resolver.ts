import aiConfig from '#config/ai'
import type { RemoteProvider } from '#core/ai/ai_config'

/** Where a provider key came from. */
export type KeySource = 'vault' | 'environment'

/**
 * The API key for a remote provider: the caller's own key from the secrets
 * vault first (bring your own key), then the platform's key from the
 * environment; null when neither exists.
 */
export async function resolveApiKey(
  provider: RemoteProvider,
  _purpose: string
): Promise<{ key: string; source: KeySource } | null> {
  const fromEnvironment = aiConfig.providers[provider].apiKey
  if (fromEnvironment) return { key: fromEnvironment, source: 'environment' }
  return null
}
