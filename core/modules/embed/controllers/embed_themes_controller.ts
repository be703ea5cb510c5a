import type { HttpContext } from '@adonisjs/core/http'
import { requireCurrentRole } from '#sdk'
import { embedThemeSettingsValidator } from '../validators/embed_theme_validator.js'
import {
  resolveEmbedTheme,
  saveThemeSettings,
  themeSettings,
  themeStylesheet,
  type EmbedTheme,
} from '../services/embed_theme_service.js'

/**
 * Workspace widget themes: admins read and set the theme settings; widgets
 * (publishable key) read the resolved theme, settings overlaid by plugins'
 * overrides such as the active brand kit, as JSON or as CSS.
 */
export default class EmbedThemesController {
  async showSettings() {
    requireCurrentRole('admin')
    return { settings: await themeSettings(), theme: publicTheme(await resolveEmbedTheme()) }
  }

  async updateSettings({ request }: HttpContext) {
    requireCurrentRole('admin')
    const input = await request.validateUsing(embedThemeSettingsValidator)
    const settings = await saveThemeSettings(input)
    return { settings, theme: publicTheme(await resolveEmbedTheme()) }
  }

  /** The resolved theme as JSON, revalidated on every use (widgets refresh it without reload). */
  async show(ctx: HttpContext) {
    const theme = await resolveEmbedTheme()
    if (notModified(ctx, theme)) return
    return publicTheme(theme)
  }

  /** The resolved theme as a stylesheet of custom properties. */
  async css(ctx: HttpContext) {
    const theme = await resolveEmbedTheme()
    ctx.response.header('Content-Type', 'text/css; charset=utf-8')
    if (notModified(ctx, theme)) return
    return themeStylesheet(theme)
  }
}

function publicTheme(theme: EmbedTheme) {
  return { properties: theme.properties, logo_url: theme.logo_url, sources: theme.sources }
}

/** Sets the ETag and `no-cache`; answers 304 when the client holds this theme already. */
function notModified({ request, response }: HttpContext, theme: EmbedTheme) {
  response.header('ETag', theme.etag)
  response.header('Cache-Control', 'no-cache')
  if (request.header('if-none-match') !== theme.etag) return false
  response.status(304)
  return true
}
