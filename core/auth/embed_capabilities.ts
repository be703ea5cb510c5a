import platform from '#config/platform'
import { activeDomains } from '#core/plugins/plugin_registry'

/**
 * Every capability an embed key may be given: what the core modules and the
 * enabled plugins declare with `embedCapabilities` in their plugin.ts (e.g.
 * `support:submit`, `leads:submit`).
 */
export async function knownEmbedCapabilities(): Promise<Record<string, string>> {
  const domains = await activeDomains(platform.plugins)
  return Object.assign({}, ...domains.map((domain) => domain.embedCapabilities ?? {}))
}
