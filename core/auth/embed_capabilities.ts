import platform from '#config/platform'
import { activePlugins } from '#core/plugins/plugin_registry'

/**
 * Capabilities of the core that a publishable embed key can carry. Plugins add
 * theirs with `embedCapabilities` in plugin.ts (e.g. `leads:submit`).
 */
export const CORE_EMBED_CAPABILITIES: Record<string, string> = {
  'support:submit': 'File support tickets from an allowed web page (support widget)',
}

/** Every capability an embed key may be given: the core's and the enabled plugins'. */
export async function knownEmbedCapabilities(): Promise<Record<string, string>> {
  const plugins = await activePlugins(platform.plugins)
  return Object.assign(
    {},
    CORE_EMBED_CAPABILITIES,
    ...plugins.map((plugin) => plugin.embedCapabilities ?? {})
  )
}
