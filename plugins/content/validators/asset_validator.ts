import vine from '@vinejs/vine'
import { pageQuery } from '#sdk'
import { ASSET_TYPES } from '../services/asset_resource.js'

const tag = vine.string().trim().minLength(1).maxLength(50)

/** Form fields of POST /v1/content/assets besides the file (tags comma-separated). */
export const uploadAssetValidator = vine.create({
  file_name: vine.string().trim().minLength(1).maxLength(255).optional(),
  tags: vine.string().trim().maxLength(2600).optional(),
})

/** Body of PATCH /v1/content/assets/:id. */
export const updateAssetValidator = vine.create({
  file_name: vine.string().trim().minLength(1).maxLength(255).optional(),
  tags: vine.array(tag).maxLength(50).optional(),
})

/** Query of GET /v1/content/assets: search by name or tag, filter by tag and type. */
export const listAssetsValidator = vine.create({
  ...pageQuery,
  q: vine.string().trim().minLength(1).maxLength(200).optional(),
  tag: tag.optional(),
  asset_type: vine.enum(ASSET_TYPES).optional(),
})

/** Query of the signed file route. */
export const assetFileValidator = vine.create({
  expires: vine.string().maxLength(20).optional(),
  signature: vine.string().maxLength(200).optional(),
})
