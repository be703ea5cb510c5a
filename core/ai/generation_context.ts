import { pluginHookProviders } from '#core/plugins/plugin_hooks'

/** Most characters the providers may add to one call's context, all together. */
export const GENERATION_CONTEXT_MAX_CHARS = 8000

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
  for (const { provider } of await pluginHookProviders('generationContext')) {
    for (const snippet of await provider({ purpose })) {
      if (typeof snippet !== 'string' || !snippet.trim() || snippet.length > budget) continue
      snippets.push(snippet)
      budget -= snippet.length
    }
  }
  return snippets
}
