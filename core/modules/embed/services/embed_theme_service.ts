import { createHash } from 'node:crypto'
import { embedThemeOverrides, tenant, type EmbedThemeValues } from '#sdk'

/** Colour names of a theme and the custom properties of the web components they set. */
export const THEME_COLOR_TOKENS = {
  primary: '--aip-color-primary',
  on_primary: '--aip-color-on-primary',
  background: '--aip-color-background',
  text: '--aip-color-text',
  muted: '--aip-color-muted',
  border: '--aip-color-border',
  error: '--aip-color-error',
  success: '--aip-color-success',
} as const

/** A theme colour name. */
export type ThemeColorName = keyof typeof THEME_COLOR_TOKENS

/** Colours: `#rgb`, `#rrggbb` or `rgb(r, g, b)` with 0–255 channels; nothing else reaches CSS. */
export const THEME_COLOR =
  /^(?:#[0-9a-f]{3}|#[0-9a-f]{6}|rgb\(\s*(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\s*,\s*(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\s*,\s*(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\s*\))$/i
/** A font family name: letters, digits, spaces and dashes (no quotes, no CSS). */
export const THEME_FONT_NAME = /^[A-Za-z0-9][A-Za-z0-9 -]{0,59}$/
/** Bounds of the lengths a theme may set, in CSS pixels. */
export const THEME_BOUNDS = {
  radius_px: { min: 0, max: 32 },
  font_size_px: { min: 12, max: 24 },
} as const

/** Theme settings as stored and as the admin route takes them. */
export type ThemeSettings = EmbedThemeValues

/** The resolved theme of a workspace as widgets receive it. */
export interface EmbedTheme {
  /** Custom properties by name (`--aip-color-primary` → `#0b57d0`), validated values only. */
  properties: Record<string, string>
  logo_url: string | null
  /** Where the values come from, lowest first: `settings`, then plugins (e.g. `content`). */
  sources: string[]
  /** Strong validator of the theme (the routes' ETag). */
  etag: string
}

function lengthIn(value: unknown, bounds: { min: number; max: number }) {
  return (
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= bounds.min &&
    value <= bounds.max
  )
}

function httpsUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 2000) return false
  try {
    return new URL(value).protocol === 'https:'
  } catch {
    return false
  }
}

/**
 * Keeps only valid values (known colour names with hex or rgb() colours, a
 * font name, bounded lengths, an https URL): used for stored settings and for
 * every plugin's proposal alike, so no source can inject CSS.
 */
export function cleanThemeValues(values: EmbedThemeValues | null | undefined): ThemeSettings {
  const clean: ThemeSettings = {}
  const colors: Record<string, string> = {}
  for (const name of Object.keys(THEME_COLOR_TOKENS)) {
    const value = values?.colors?.[name]
    if (typeof value === 'string' && THEME_COLOR.test(value.trim())) {
      colors[name] = value.trim().toLowerCase().replace(/\s+/g, '')
    }
  }
  if (Object.keys(colors).length) clean.colors = colors
  if (typeof values?.font_family === 'string' && THEME_FONT_NAME.test(values.font_family)) {
    clean.font_family = values.font_family
  }
  if (lengthIn(values?.font_size_px, THEME_BOUNDS.font_size_px)) {
    clean.font_size_px = values!.font_size_px
  }
  if (lengthIn(values?.radius_px, THEME_BOUNDS.radius_px)) clean.radius_px = values!.radius_px
  if (httpsUrl(values?.logo_url)) clean.logo_url = values!.logo_url
  return clean
}

/** The custom properties of clean values. */
export function themeProperties(values: ThemeSettings): Record<string, string> {
  const properties: Record<string, string> = {}
  for (const [name, value] of Object.entries(values.colors ?? {})) {
    if (value) properties[THEME_COLOR_TOKENS[name as ThemeColorName]] = value
  }
  if (values.font_family) {
    properties['--aip-font-family'] = `"${values.font_family}", system-ui, sans-serif`
  }
  if (values.font_size_px !== undefined) properties['--aip-font-size'] = `${values.font_size_px}px`
  if (values.radius_px !== undefined) properties['--aip-radius'] = `${values.radius_px}px`
  return properties
}

/** The current workspace's stored theme settings (empty when none were saved). */
export async function themeSettings(): Promise<ThemeSettings> {
  const { trx, workspaceId } = tenant()
  const row = await trx.from('embed_themes').where('workspace_id', workspaceId!).first()
  return cleanThemeValues(row?.settings)
}

/** Saves the current workspace's theme settings (admins; replaces the previous ones). */
export async function saveThemeSettings(settings: ThemeSettings): Promise<ThemeSettings> {
  const { trx, workspaceId, userId } = tenant()
  const clean = cleanThemeValues(settings)
  await trx
    .table('embed_themes')
    .insert({ workspace_id: workspaceId, settings: JSON.stringify(clean), updated_by: userId })
    .onConflict('workspace_id')
    .merge(['settings', 'updated_by'])
  return clean
}

/**
 * The workspace's widget theme: its settings, then each enabled plugin's
 * overrides through the `embedTheme` hook (the content plugin's active brand
 * kit), every value validated again; later sources win value by value.
 */
export async function resolveEmbedTheme(): Promise<EmbedTheme> {
  const layers = [{ source: 'settings', values: await themeSettings() }]
  for (const { plugin, values } of await embedThemeOverrides()) {
    const clean = cleanThemeValues(values)
    if (Object.keys(clean).length) layers.push({ source: plugin, values: clean })
  }
  const merged: ThemeSettings = {}
  for (const { values } of layers) {
    Object.assign(merged, { ...values, colors: { ...merged.colors, ...values.colors } })
  }
  const properties = themeProperties(merged)
  const logo = merged.logo_url ?? null
  const sources = layers.filter((layer) => Object.keys(layer.values).length).map((l) => l.source)
  const etag = `"${createHash('sha256')
    .update(JSON.stringify([properties, logo]))
    .digest('base64url')
    .slice(0, 27)}"`
  return { properties, logo_url: logo, sources, etag }
}

/** The theme as a stylesheet of custom properties on `:root` (for hosts that link it). */
export function themeStylesheet(theme: EmbedTheme) {
  const lines = Object.entries(theme.properties).map(([name, value]) => `  ${name}: ${value};`)
  return `/* Workspace widget theme (${theme.sources.join(', ') || 'defaults'}) */\n:root {\n${lines.join('\n')}\n}\n`
}
