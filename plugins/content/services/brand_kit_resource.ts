import { column, defineResource } from '#sdk'

/** What a brand kit holds (the `asset_data` of a `brand_kit` row of `brand_assets`). */
export interface BrandKitData {
  colors: Record<string, string>
  fonts: { heading?: string; body?: string }
  voice: { tone?: string; keywords?: string[]; avoid?: string[] }
}

const colorProperties = Object.fromEntries(
  ['primary', 'secondary', 'accent', 'background', 'text', 'muted', 'on_primary'].map((name) => [
    name,
    { type: 'string', pattern: '^#[0-9a-fA-F]{6}$' },
  ])
)

/**
 * A brand kit (a `brand_kit` row of the seed's `brand_assets`): colour
 * palette, fonts, voice and tone, and a logo from the asset library. One kit
 * per workspace is active: widgets, videos and generated content wear it.
 */
export const brandKitResource = defineResource({
  name: 'ContentBrandKit',
  table: 'brand_assets',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid().required(),
    created_by: column.uuid().nullable().required(),
    asset_name: column.text().required().writable(),
    asset_data: column
      .jsonb<BrandKitData>()
      .required()
      .schema({
        type: 'object',
        required: ['colors', 'fonts', 'voice'],
        properties: {
          colors: { type: 'object', properties: colorProperties },
          fonts: {
            type: 'object',
            properties: { heading: { type: 'string' }, body: { type: 'string' } },
          },
          voice: {
            type: 'object',
            properties: {
              tone: { type: 'string' },
              keywords: { type: 'array', items: { type: 'string' } },
              avoid: { type: 'array', items: { type: 'string' } },
            },
          },
        },
      }),
    logo_asset_id: column.uuid().nullable().required().writable(),
    is_active: column.boolean().required(),
    metadata: column.jsonb().required().writable(),
    created_at: column.timestamp().required(),
    updated_at: column.timestamp().required(),
  },
})

/** A brand kit row as selected. */
export type BrandKitRow = typeof brandKitResource.$row
