import { keysetPage, NEWEST_FIRST, Problem, tenant } from '#sdk'
import { brandKitResource, type BrandKitData, type BrandKitRow } from './brand_kit_resource.js'
import { findAsset } from './asset_service.js'

/** The input of a brand kit (validated). */
export interface BrandKitInput {
  asset_name?: string
  colors?: Record<string, string>
  fonts?: { heading?: string; body?: string }
  voice?: { tone?: string; keywords?: string[]; avoid?: string[] }
  logo_asset_id?: string | null
  metadata?: Record<string, unknown>
}

/** One brand kit of the current workspace, or null. */
export async function findBrandKit(id: string): Promise<BrandKitRow | null> {
  return (await brandKitResource.query().where({ id, asset_type: 'brand_kit' }).first()) ?? null
}

/** The workspace's active brand kit, or null when none is active. */
export async function activeBrandKit(): Promise<BrandKitRow | null> {
  return (
    (await brandKitResource.query().where({ asset_type: 'brand_kit', is_active: true }).first()) ??
    null
  )
}

/** A page of brand kits, newest first. */
export function listBrandKits(query: { limit?: number; cursor?: string }) {
  return keysetPage(brandKitResource.query().where('asset_type', 'brand_kit'), {
    ...query,
    ...NEWEST_FIRST,
  })
}

async function checkLogo(logoId: string | null | undefined) {
  if (!logoId) return
  const asset = await findAsset(logoId)
  if (!asset || asset.asset_type !== 'image') {
    throw Problem.invalidField(
      'logo_asset_id',
      'The logo must be an image of the asset library',
      'exists'
    )
  }
}

/** Creates a brand kit; the first kit of a workspace (or `activate`) becomes the active one. */
export async function createBrandKit(input: BrandKitInput & { activate?: boolean }) {
  await checkLogo(input.logo_asset_id)
  const { trx, workspaceId, userId } = tenant()
  const data: BrandKitData = {
    colors: input.colors ?? {},
    fonts: input.fonts ?? {},
    voice: input.voice ?? {},
  }
  const activate = input.activate || !(await activeBrandKit())
  if (activate)
    await trx.from('brand_assets').where({ is_active: true }).update({ is_active: false })
  const [created] = await trx
    .insertQuery()
    .table('brand_assets')
    .insert({
      workspace_id: workspaceId,
      created_by: userId,
      asset_name: input.asset_name,
      asset_type: 'brand_kit',
      asset_data: JSON.stringify(data),
      logo_asset_id: input.logo_asset_id ?? null,
      is_active: activate,
      metadata: JSON.stringify(input.metadata ?? {}),
    })
    .returning(['id'])
  return (await findBrandKit(created.id))!
}

/** Changes a brand kit (colours and fonts are merged into the current ones). */
export async function updateBrandKit(id: string, input: BrandKitInput) {
  const current = await findBrandKit(id)
  if (!current) return null
  await checkLogo(input.logo_asset_id)
  const data: BrandKitData = {
    colors: { ...current.asset_data.colors, ...input.colors },
    fonts: { ...current.asset_data.fonts, ...input.fonts },
    voice: { ...current.asset_data.voice, ...input.voice },
  }
  const patch: Record<string, unknown> = { asset_data: JSON.stringify(data) }
  if (input.asset_name !== undefined) patch.asset_name = input.asset_name
  if (input.logo_asset_id !== undefined) patch.logo_asset_id = input.logo_asset_id
  if (input.metadata !== undefined) patch.metadata = JSON.stringify(input.metadata)
  await tenant().trx.from('brand_assets').where('id', id).update(patch)
  return findBrandKit(id)
}

/** Makes a kit the workspace's active one (the previous one is deactivated). */
export async function activateBrandKit(id: string) {
  const kit = await findBrandKit(id)
  if (!kit) return null
  const { trx } = tenant()
  await trx
    .from('brand_assets')
    .where({ is_active: true })
    .whereNot('id', id)
    .update({ is_active: false })
  await trx.from('brand_assets').where('id', id).update({ is_active: true })
  return findBrandKit(id)
}

/** Deletes a brand kit; false when it does not exist. */
export async function deleteBrandKit(id: string) {
  const deleted = await tenant()
    .trx.from('brand_assets')
    .where({ id, asset_type: 'brand_kit' })
    .delete()
  return Number(deleted) > 0
}

/** Colour names of a kit and the theme tokens of the web components they set. */
const COLOR_TOKENS: Record<string, string> = {
  primary: '--aip-color-primary',
  on_primary: '--aip-color-on-primary',
  secondary: '--aip-color-secondary',
  accent: '--aip-color-accent',
  background: '--aip-color-background',
  text: '--aip-color-text',
  muted: '--aip-color-muted',
}

/** A hex colour, the only colour syntax a kit holds (validated again here). */
const HEX = /^#[0-9a-fA-F]{6}$/
/** A font family name: letters, digits, spaces and dashes (no quotes, no CSS). */
export const FONT_NAME = /^[A-Za-z0-9][A-Za-z0-9 \-]{0,59}$/

/**
 * The kit as CSS custom properties for the web components (`:root` or a
 * host selector). Only validated colours and font names reach the output,
 * so a kit can never inject CSS.
 */
export function themeCss(kit: BrandKitRow | null) {
  const lines: string[] = []
  for (const [name, token] of Object.entries(COLOR_TOKENS)) {
    const value = kit?.asset_data.colors?.[name]
    if (typeof value === 'string' && HEX.test(value))
      lines.push(`  ${token}: ${value.toLowerCase()};`)
  }
  const fonts = kit?.asset_data.fonts ?? {}
  if (fonts.body && FONT_NAME.test(fonts.body)) {
    lines.push(`  --aip-font-family: "${fonts.body}", system-ui, sans-serif;`)
  }
  if (fonts.heading && FONT_NAME.test(fonts.heading)) {
    lines.push(`  --aip-font-family-heading: "${fonts.heading}", system-ui, sans-serif;`)
  }
  const name = kit ? kit.asset_name.replace(/[^A-Za-z0-9 _-]/g, '') : 'none'
  return `/* Brand kit: ${name} */\n:root {\n${lines.join('\n')}\n}\n`
}
