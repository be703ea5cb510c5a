import type { EmbedThemeValues } from '#core/plugins/plugin_definition'
import { pluginHookProviders } from '#core/plugins/plugin_hooks'

/**
 * What every enabled plugin proposes for the current workspace's widget theme
 * (the `embedTheme` hook of plugin.ts), in load order, so that the embed
 * module can lay a brand kit over the workspace's theme settings without the
 * kernel knowing the content plugin. Values are not trusted: the caller
 * validates them like the settings.
 */
export async function embedThemeOverrides(): Promise<
  { plugin: string; values: EmbedThemeValues }[]
> {
  const overrides: { plugin: string; values: EmbedThemeValues }[] = []
  for (const { plugin, provider } of await pluginHookProviders('embedTheme')) {
    const values = await provider()
    if (values && typeof values === 'object') overrides.push({ plugin, values })
  }
  return overrides
}
