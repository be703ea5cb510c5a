import { enabledPlugins } from '#core/plugins/domains'
import type { EmbedThemeProvider, EmbedThemeValues } from '#core/plugins/plugin_definition'

let providers: Promise<{ plugin: string; provider: EmbedThemeProvider }[]> | undefined

/** The enabled plugins' widget-theme providers, loaded once per process. */
function loadProviders() {
  providers ??= enabledPlugins().then((plugins) =>
    Promise.all(
      plugins
        .filter((plugin) => plugin.embedTheme)
        .map(async (plugin) => {
          const module = await plugin.embedTheme!()
          return { plugin: plugin.name, provider: module.default }
        })
    )
  )
  return providers
}

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
  for (const { plugin, provider } of await loadProviders()) {
    const values = await provider()
    if (values && typeof values === 'object') overrides.push({ plugin, values })
  }
  return overrides
}
