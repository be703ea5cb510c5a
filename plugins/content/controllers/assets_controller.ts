import type { HttpContext } from '@adonisjs/core/http'
import { idParam, Problem, streamUpload } from '#sdk'
import {
  listAssetsValidator,
  updateAssetValidator,
  uploadAssetValidator,
} from '../validators/asset_validator.js'
import {
  assetLinks,
  createAsset,
  deleteAsset,
  findAsset,
  listAssets,
  normalizeTags,
  replaceAssetFile,
  updateAsset,
} from '../services/asset_service.js'

/** The digital asset library: streamed uploads, search, signed links, replace and delete. */
export default class AssetsController {
  async index({ request }: HttpContext) {
    return listAssets(await listAssetsValidator.validate(request.qs()))
  }

  /** Stores the uploaded file (streamed in before the transaction opened) as an asset. */
  async store(ctx: HttpContext) {
    const fields = await uploadAssetValidator.validate(ctx.request.body())
    const upload = streamUpload(ctx)
    const asset = await createAsset(upload, {
      file_name: fields.file_name,
      tags: normalizeTags(fields.tags) ?? [],
    })
    ctx.response.status(201)
    return asset
  }

  async show({ params }: HttpContext) {
    const asset = await findAsset(idParam(params, 'Asset'))
    if (!asset) throw Problem.notFound('Asset')
    return asset
  }

  async update({ params, request }: HttpContext) {
    const id = idParam(params, 'Asset')
    const input = await request.validateUsing(updateAssetValidator)
    const asset = await updateAsset(id, { ...input, tags: normalizeTags(input.tags) })
    if (!asset) throw Problem.notFound('Asset')
    return asset
  }

  /** Replaces the file of an asset (the old file is removed once the change commits). */
  async replace(ctx: HttpContext) {
    const id = idParam(ctx.params, 'Asset')
    const asset = await replaceAssetFile(id, streamUpload(ctx))
    if (!asset) throw Problem.notFound('Asset')
    return asset
  }

  async destroy({ params, response }: HttpContext) {
    if (!(await deleteAsset(idParam(params, 'Asset')))) throw Problem.notFound('Asset')
    response.status(204)
  }

  /** Signed, expiring links to the file and its thumbnail. */
  async links({ params }: HttpContext) {
    const asset = await findAsset(idParam(params, 'Asset'))
    if (!asset) throw Problem.notFound('Asset')
    return assetLinks(asset)
  }
}
