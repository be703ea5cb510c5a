import { enabledPlugins } from '#core/plugins/domains'
import type { PluginDefinition } from '#core/plugins/plugin_definition'

/** The plugin.ts hooks that name a module whose default export the kernel calls. */
type ProviderHook = 'generationContext' | 'embedTheme'

/** What a hook's module exports as its default. */
type HookProvider<Hook extends ProviderHook> = Awaited<
  ReturnType<NonNullable<PluginDefinition[Hook]>>
>['default']

const loaded = new Map<ProviderHook, Promise<{ plugin: string; provider: unknown }[]>>()

/**
 * The default exports of one hook's modules over the enabled plugins, in load
 * order, each with its plugin's name; imported once per process. The one way
 * the kernel reaches a plugin's provider hook (generation context, widget
 * theme) without knowing the plugin.
 */
export function pluginHookProviders<Hook extends ProviderHook>(
  hook: Hook
): Promise<{ plugin: string; provider: HookProvider<Hook> }[]> {
  let providers = loaded.get(hook)
  if (!providers) {
    providers = enabledPlugins().then((plugins) =>
      Promise.all(
        plugins
          .filter((plugin) => plugin[hook])
          .map(async (plugin) => {
            const module = await plugin[hook]!()
            return { plugin: plugin.name, provider: module.default as unknown }
          })
      )
    )
    loaded.set(hook, providers)
  }
  return providers as Promise<{ plugin: string; provider: HookProvider<Hook> }[]>
}
