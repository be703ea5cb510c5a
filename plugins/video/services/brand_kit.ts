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

/**
 * A workspace-wide brand kit from elsewhere. SEAM: the content plugin (built
 * in parallel) exposes `activeBrandKit()` on its face. After merging, the lead
 * plugs it in here, e.g.:
 *
 *   import { activeBrandKit } from '#plugins/content/services/index'
 *   if (isPluginEnabled('content')) return mapContentKit(await activeBrandKit())
 *
 * mapping its colours, font and logo to the fields of `BrandKit`. Until then
 * the project's own `brand_kit` and the defaults apply.
 */
export async function sharedBrandKit(): Promise<Partial<BrandKit> | null> {
  return null
}

/** The brand kit of a project: defaults, then the shared kit, then the project's own settings. */
export async function resolveBrandKit(own: Record<string, unknown>): Promise<BrandKit> {
  const shared = (await sharedBrandKit()) ?? {}
  const defined = Object.fromEntries(
    Object.entries(own).filter(([, value]) => value !== undefined && value !== null)
  )
  return { ...DEFAULT_BRAND_KIT, ...shared, ...defined } as BrandKit
}
