import platform from '#config/platform'
import type { LoadedPlugin } from '#core/plugins/plugin_definition'
import { activePlugins } from '#core/plugins/plugin_registry'

/** The enabled plugins of this platform, in dependency order (no core modules). */
export function enabledPlugins(): Promise<LoadedPlugin[]> {
  return activePlugins(platform.plugins)
}

/** Whether the plugin `name` is enabled on this platform (its tables and routes exist). */
export async function isPluginEnabled(name: string): Promise<boolean> {
  const plugins = await enabledPlugins()
  return plugins.some((plugin) => plugin.name === name)
}
