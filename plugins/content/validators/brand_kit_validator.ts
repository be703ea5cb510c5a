import vine from '@vinejs/vine'

const hex = () =>
  vine
    .string()
    .trim()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .optional()

/** Colours of a kit: `#rrggbb` only, so the theme CSS cannot be injected into. */
const colors = vine
  .object({
    primary: hex(),
    secondary: hex(),
    accent: hex(),
    background: hex(),
    text: hex(),
    muted: hex(),
    on_primary: hex(),
  })
  .optional()

/** A font family name: letters, digits, spaces and dashes. */
const font = () =>
  vine
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9 \-]{0,59}$/)
    .optional()

const kitFields = {
  colors,
  fonts: vine.object({ heading: font(), body: font() }).optional(),
  voice: vine
    .object({
      tone: vine.string().trim().maxLength(500).optional(),
      keywords: vine
        .array(vine.string().trim().minLength(1).maxLength(60))
        .maxLength(30)
        .optional(),
      avoid: vine.array(vine.string().trim().minLength(1).maxLength(60)).maxLength(30).optional(),
    })
    .optional(),
  logo_asset_id: vine.string().uuid().nullable().optional(),
  metadata: vine.object({}).allowUnknownProperties().optional(),
}

/** Body of POST /v1/content/brand-kits. */
export const createBrandKitValidator = vine.create({
  asset_name: vine.string().trim().minLength(1).maxLength(200),
  activate: vine.boolean().optional(),
  ...kitFields,
})

/** Body of PATCH /v1/content/brand-kits/:id (colours, fonts and voice merge). */
export const updateBrandKitValidator = vine.create({
  asset_name: vine.string().trim().minLength(1).maxLength(200).optional(),
  ...kitFields,
})
