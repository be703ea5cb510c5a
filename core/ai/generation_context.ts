import { enabledPlugins } from '#core/plugins/domains'
import type { GenerationContextProvider } from '#core/plugins/plugin_definition'

/** Most characters the providers may add to one call's context, all together. */
export const GENERATION_CONTEXT_MAX_CHARS = 8000

let providers: Promise<GenerationContextProvider[]> | undefined

/** The enabled plugins' generation-context providers, loaded once per process. */
function loadProviders() {
  providers ??= enabledPlugins().then((plugins) =>
    Promise.all(
      plugins
        .filter((plugin) => plugin.generationContext)
        .map(async (plugin) => {
          const module = await plugin.generationContext!()
          return module.default
        })
    )
  )
  return providers
}

/**
 * The grounding every enabled plugin contributes to a generation (the
 * `generationContext` hook of plugin.ts), in load order, bounded to
 * GENERATION_CONTEXT_MAX_CHARS, so a plugin can feed its knowledge (the active
 * positioning, say) to every other plugin's generations without either
 * knowing the other.
 */
export async function generationContext(purpose: string): Promise<string[]> {
  const snippets: string[] = []
  let budget = GENERATION_CONTEXT_MAX_CHARS
  for (const provider of await loadProviders()) {
    for (const snippet of await provider({ purpose })) {
      if (typeof snippet !== 'string' || !snippet.trim() || snippet.length > budget) continue
      snippets.push(snippet)
      budget -= snippet.length
    }
  }
  return snippets
}
