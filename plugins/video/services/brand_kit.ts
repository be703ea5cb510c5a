import { isPluginEnabled } from '#sdk'
import type { VIDEO_FONTS } from '../validators/video_project_validator.js'

/** A brand kit as the renderer applies it (every field resolved). */
export interface BrandKit {
  primary_color: string
  secondary_color: string
  text_color: string
  font: (typeof VIDEO_FONTS)[number]
  logo_key: string | null
}

/** What the renderer uses when neither the project nor a shared brand kit sets a field. */
export const DEFAULT_BRAND_KIT: BrandKit = {
  primary_color: '#1f2a44',
  secondary_color: '#3b82f6',
  text_color: '#ffffff',
  font: 'sans-bold',
  logo_key: null,
}

const HEX = /^#[0-9a-fA-F]{6}$/

/** The first of `values` that is a `#rrggbb` colour, lower-cased. */
function hexOf(...values: unknown[]) {
  const found = values.find((value) => typeof value === 'string' && HEX.test(value))
  return (found as string | undefined)?.toLowerCase()
}

/**
 * The renderer's font closest to a brand kit's font family (the renderer
 * ships the DejaVu families only): monospaced, condensed, serif or sans, bold
 * because the video's text is titles and captions.
 */
export function videoFontOf(family: string | undefined): BrandKit['font'] | undefined {
  if (!family?.trim()) return undefined
  const name = family.toLowerCase()
  if (/mono|code|courier|consol/.test(name)) return 'mono'
  if (/condensed|narrow|compressed|oswald|bebas/.test(name)) return 'condensed'
  if (
    !/sans/.test(name) &&
    /serif|georgia|times|garamond|playfair|merriweather|lora|baskerville|bodoni|caslon|didot/.test(
      name
    )
  )
    return 'serif-bold'
  return 'sans-bold'
}

/** A content brand kit as the video plugin reads it (the fields it maps). */
export interface ContentKitFields {
  asset_data: { colors?: Record<string, string>; fonts?: { heading?: string; body?: string } }
  logo_asset_id: string | null
}

/**
 * Maps a content brand kit to the video's fields: primary and secondary
 * colours (the accent when there is no secondary), the text colour drawn on
 * them (`on_primary`, else white stays the default), the heading font (else
 * the body font) and the logo's storage key. Fields the kit does not set are
 * left out, so the defaults fill them.
 */
export function mapContentKit(kit: ContentKitFields, logoKey: string | null): Partial<BrandKit> {
  const colors = kit.asset_data.colors ?? {}
  const fields: Partial<BrandKit> = {
    primary_color: hexOf(colors.primary),
    secondary_color: hexOf(colors.secondary, colors.accent),
    text_color: hexOf(colors.on_primary),
    font: videoFontOf(kit.asset_data.fonts?.heading ?? kit.asset_data.fonts?.body),
    logo_key: logoKey ?? undefined,
  }
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined)
  ) as Partial<BrandKit>
}

/**
 * The workspace's brand kit from the content plugin, when it is enabled and
 * has an active kit (`activeBrandKit()` on its face), mapped to the video's
 * fields; the logo (an image of the asset library) is read from the same
 * workspace storage through its key (`imageAssetStorageKey`). The face is
 * imported only when the plugin is enabled, so a disabled plugin's module and
 * tables are never touched. Runs in the current tenant transaction.
 */
export async function sharedBrandKit(): Promise<Partial<BrandKit> | null> {
  if (!(await isPluginEnabled('content'))) return null
  const content = await import('#plugins/content/services/index')
  const kit = await content.activeBrandKit()
  if (!kit) return null
  const logoKey = kit.logo_asset_id ? await content.imageAssetStorageKey(kit.logo_asset_id) : null
  return mapContentKit(kit, logoKey)
}

/** The brand kit of a project: defaults, then the shared kit, then the project's own settings. */
export async function resolveBrandKit(own: Record<string, unknown>): Promise<BrandKit> {
  const shared = (await sharedBrandKit()) ?? {}
  const defined = Object.fromEntries(
    Object.entries(own).filter(([, value]) => value !== undefined && value !== null)
  )
  return { ...DEFAULT_BRAND_KIT, ...shared, ...defined } as BrandKit
}
