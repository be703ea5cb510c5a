import type { HttpContext } from '@adonisjs/core/http'
import { checkSignedLink, idParam, Problem, withService, workspaceStorage } from '#sdk'
import { ASSET_LINK_PURPOSE, linkSubject } from '../services/asset_service.js'

/**
 * The file behind a signed asset link (no login: the signature is the
 * authorisation). A forged or edited link answers 403, an expired one 410,
 * a deleted asset 404.
 */
export default class AssetFilesController {
  async show({ params, request, response }: HttpContext) {
    const workspaceId = idParam(params, 'Asset', 'workspaceId')
    const assetId = idParam(params, 'Asset')
    const variant =
      params.variant === 'thumbnail'
        ? 'thumbnail'
        : params.variant === 'original'
          ? 'original'
          : null
    if (!variant) throw Problem.notFound('Asset')
    const check = checkSignedLink(
      ASSET_LINK_PURPOSE,
      linkSubject(workspaceId, assetId, variant),
      request.qs().expires,
      request.qs().signature
    )
    if (check === 'tampered') throw Problem.forbidden('The link is not valid')
    if (check === 'expired') throw new Problem(410, 'link-expired', 'Gone', 'The link has expired')
    const asset = await withService(({ trx }) =>
      trx
        .from('digital_assets')
        .select('file_name', 'mime_type', 'storage_path', 'thumbnail_path')
        .where({ id: assetId, workspace_id: workspaceId })
        .first()
    )
    const key = variant === 'thumbnail' ? asset?.thumbnail_path : asset?.storage_path
    if (!asset || !key) throw Problem.notFound('Asset')
    const storage = workspaceStorage(workspaceId)
    if (!(await storage.exists(key))) throw Problem.notFound('Asset')
    const name = variant === 'thumbnail' ? 'thumbnail.webp' : asset.file_name
    response.header(
      'Content-Type',
      variant === 'thumbnail' ? 'image/webp' : (asset.mime_type ?? 'application/octet-stream')
    )
    response.header(
      'Content-Disposition',
      `inline; filename="${name.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`
    )
    response.header('X-Content-Type-Options', 'nosniff')
    response.header('Cache-Control', 'private, max-age=300')
    response.stream(await storage.getStream(key))
  }
}
