import type { EmbedThemeProvider } from '#sdk'
import { activeBrandKit } from './brand_kit_service.js'

/**
 * The `embedTheme` hook: the workspace's active brand kit (colours and body
 * font) overrides its widget theme settings. The kernel validates the values
 * again; the kit's other colour names (secondary, accent) have no widget token.
 */
const brandKitTheme: EmbedThemeProvider = async () => {
  const kit = await activeBrandKit()
  if (!kit) return null
  return {
    colors: { ...kit.asset_data.colors },
    ...(kit.asset_data.fonts?.body ? { font_family: kit.asset_data.fonts.body } : {}),
  }
}

export default brandKitTheme
