import vine from '@vinejs/vine'
import {
  THEME_BOUNDS,
  THEME_COLOR,
  THEME_COLOR_TOKENS,
  THEME_FONT_NAME,
} from '../services/embed_theme_service.js'

const color = () => vine.string().trim().regex(THEME_COLOR).optional()

/**
 * Body of PUT /v1/embed/theme-settings: colours as hex or rgb() only, a font
 * family name, bounded pixel lengths and an https logo URL; never raw CSS.
 */
export const embedThemeSettingsValidator = vine.create({
  colors: vine
    .object(Object.fromEntries(Object.keys(THEME_COLOR_TOKENS).map((name) => [name, color()])))
    .optional(),
  font_family: vine.string().trim().regex(THEME_FONT_NAME).optional(),
  font_size_px: vine
    .number()
    .min(THEME_BOUNDS.font_size_px.min)
    .max(THEME_BOUNDS.font_size_px.max)
    .optional(),
  radius_px: vine
    .number()
    .min(THEME_BOUNDS.radius_px.min)
    .max(THEME_BOUNDS.radius_px.max)
    .optional(),
  logo_url: vine
    .string()
    .trim()
    .maxLength(2000)
    .url({ require_protocol: true, protocols: ['https'] })
    .optional(),
})
