import platform from '#config/platform'
import type { PluginDefinition } from '#core/plugins/plugin_definition'
import { activeDomains } from '#core/plugins/plugin_registry'

/** The name → description maps that core modules and plugins declare in plugin.ts. */
type DeclaredEmbedNames = 'embedCapabilities' | 'embedSessionScopes'

/** One declaration merged over the core modules and the enabled plugins (later ones win). */
async function declaredByDomains(field: DeclaredEmbedNames): Promise<Record<string, string>> {
  const domains = await activeDomains(platform.plugins)
  return Object.assign({}, ...domains.map((domain: PluginDefinition) => domain[field] ?? {}))
}

/**
 * Every capability an embed key may be given: what the core modules and the
 * enabled plugins declare with `embedCapabilities` in their plugin.ts (e.g.
 * `support:submit`, `leads:submit`).
 */
export function knownEmbedCapabilities(): Promise<Record<string, string>> {
  return declaredByDomains('embedCapabilities')
}

/**
 * Every end-user scope a session token may grant: what the core modules and the
 * enabled plugins declare with `embedSessionScopes` in their plugin.ts (scope →
 * description), e.g. `chat`, `support:read`.
 */
export function knownEmbedSessionScopes(): Promise<Record<string, string>> {
  return declaredByDomains('embedSessionScopes')
}
