import { randomUUID } from 'node:crypto'
import { createReadStream } from 'node:fs'
import {
  appUrl,
  keysetPage,
  NEWEST_FIRST,
  Problem,
  signLink,
  tenant,
  workspaceStorage,
  type ReceivedUpload,
} from '#sdk'
import contentConfig from '../content_config.js'
import { assetResource, type AssetRow } from './asset_resource.js'
import {
  ACCEPTED_MIME_TYPES,
  detectAssetType,
  imageSize,
  mediaDuration,
  thumbnail,
} from './asset_probe.js'

/** Purpose of signed asset links (see signLink). */
export const ASSET_LINK_PURPOSE = 'content-asset-file'

/** Tags as stored: trimmed, lower-case, unique, at most 50 of at most 50 characters. */
export function normalizeTags(tags: string[] | string | undefined): string[] | undefined {
  if (tags === undefined) return undefined
  const list = (Array.isArray(tags) ? tags : tags.split(','))
    .map((tag) => tag.trim().toLowerCase())
    .filter(Boolean)
  const unique = [...new Set(list)]
  if (unique.length > 50 || unique.some((tag) => tag.length > 50)) {
    throw Problem.invalidField('tags', 'At most 50 tags of at most 50 characters', 'tags')
  }
  return unique
}

/** A file name safe to show and to put in Content-Disposition. */
function cleanName(name: string) {
  const base = name.split(/[\\/]/).pop() ?? ''
  const cleaned = [...base]
    .filter((char) => char.charCodeAt(0) >= 0x20 && char !== '\u007f' && char !== '"')
    .join('')
    .trim()
    .slice(0, 255)
  return cleaned || 'upload'
}

/** Reads the file's facts (type from the bytes, size, dimensions, duration, thumbnail). */
async function inspect(upload: ReceivedUpload) {
  const detected = await detectAssetType(upload.head)
  if (!detected) {
    throw new Problem(
      415,
      'unsupported-media-type',
      'Unsupported Media Type',
      `The file's content is not an accepted type (${ACCEPTED_MIME_TYPES.join(', ')}), whatever its name says`
    )
  }
  const facts: {
    width: number | null
    height: number | null
    duration_seconds: number | null
    thumbnail: Buffer | null
  } = { width: null, height: null, duration_seconds: null, thumbnail: null }
  if (detected.assetType === 'image') {
    const size = await imageSize(upload.tmpPath)
    if (!size) throw Problem.invalidField('file', 'The image cannot be read', 'image')
    facts.width = size.width
    facts.height = size.height
    facts.thumbnail = await thumbnail(upload.tmpPath)
  } else if (detected.assetType === 'video' || detected.assetType === 'audio') {
    facts.duration_seconds = await mediaDuration(upload.tmpPath, detected.mime)
  }
  return { ...detected, ...facts }
}

/**
 * Writes the file (and its thumbnail) to the workspace's storage, streamed
 * from the temporary file. If the transaction rolls back, the new files are
 * removed again.
 */
async function storeFiles(
  assetId: string,
  upload: ReceivedUpload,
  facts: Awaited<ReturnType<typeof inspect>>
) {
  const { trx, workspaceId } = tenant()
  const storage = workspaceStorage(workspaceId!)
  const version = randomUUID()
  const storagePath = `content/assets/${assetId}/${version}`
  const thumbnailPath = facts.thumbnail ? `${storagePath}-thumbnail` : null
  trx.after('rollback', () => removeFiles(workspaceId!, [storagePath, thumbnailPath]))
  await storage.putStream(storagePath, createReadStream(upload.tmpPath), facts.mime, upload.size)
  if (thumbnailPath) await storage.put(thumbnailPath, facts.thumbnail!, 'image/webp')
  return { storage_path: storagePath, thumbnail_path: thumbnailPath }
}

/** Removes files from storage; a failure is logged by the caller's hooks, never thrown. */
async function removeFiles(workspaceId: string, keys: Array<string | null>) {
  const storage = workspaceStorage(workspaceId)
  for (const key of keys) if (key) await storage.delete(key).catch(() => {})
}

/** One asset of the current workspace, or null. */
export async function findAsset(id: string): Promise<AssetRow | null> {
  return (await assetResource.query().where('id', id).first()) ?? null
}

/** Stores an uploaded file as a new asset of the current workspace. */
export async function createAsset(
  upload: ReceivedUpload,
  input: { file_name?: string; tags?: string[] }
) {
  const facts = await inspect(upload)
  const { trx, workspaceId, userId } = tenant()
  const id = randomUUID()
  const files = await storeFiles(id, upload, facts)
  await trx
    .insertQuery()
    .table(assetResource.table)
    .insert({
      id,
      workspace_id: workspaceId,
      uploaded_by: userId,
      file_name: cleanName(input.file_name ?? upload.clientName),
      file_size: upload.size,
      asset_type: facts.assetType,
      mime_type: facts.mime,
      ...files,
      width: facts.width,
      height: facts.height,
      duration_seconds: facts.duration_seconds,
      checksum_sha256: upload.sha256,
      tags: input.tags ?? [],
    })
  return (await findAsset(id))!
}

/** Replaces an asset's file; the old files are removed after the transaction commits. */
export async function replaceAssetFile(id: string, upload: ReceivedUpload) {
  const { trx, workspaceId } = tenant()
  const current = await trx.from(assetResource.table).where('id', id).forUpdate().first()
  if (!current) return null
  const facts = await inspect(upload)
  const files = await storeFiles(id, upload, facts)
  await trx
    .from(assetResource.table)
    .where('id', id)
    .update({
      file_size: upload.size,
      asset_type: facts.assetType,
      mime_type: facts.mime,
      ...files,
      width: facts.width,
      height: facts.height,
      duration_seconds: facts.duration_seconds,
      checksum_sha256: upload.sha256,
    })
  trx.after('commit', () =>
    removeFiles(workspaceId!, [current.storage_path, current.thumbnail_path])
  )
  return findAsset(id)
}

/** Deletes an asset; its files are removed after the transaction commits. */
export async function deleteAsset(id: string) {
  const { trx, workspaceId } = tenant()
  const [deleted] = await trx
    .from(assetResource.table)
    .where('id', id)
    .delete()
    .returning(['storage_path', 'thumbnail_path'])
  if (!deleted) return false
  trx.after('commit', () =>
    removeFiles(workspaceId!, [deleted.storage_path, deleted.thumbnail_path])
  )
  return true
}

/** Changes an asset's name or tags. */
export async function updateAsset(id: string, input: { file_name?: string; tags?: string[] }) {
  const patch: Record<string, unknown> = {}
  if (input.file_name !== undefined) patch.file_name = cleanName(input.file_name)
  if (input.tags !== undefined) patch.tags = input.tags
  if (Object.keys(patch).length) {
    await tenant().trx.from(assetResource.table).where('id', id).update(patch)
  }
  return findAsset(id)
}

/** A page of assets, newest first: search by name (`q`), `tag`, `asset_type`. */
export function listAssets(query: {
  limit?: number
  cursor?: string
  q?: string
  tag?: string
  asset_type?: string
}) {
  const builder = assetResource.query()
  if (query.q) {
    const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    builder.where((where) =>
      where.whereILike('file_name', pattern).orWhereRaw('? = any(tags)', [query.q!.toLowerCase()])
    )
  }
  if (query.tag) builder.whereRaw('tags @> array[?]::text[]', [query.tag.toLowerCase()])
  if (query.asset_type) builder.where('asset_type', query.asset_type)
  return keysetPage(builder, { limit: query.limit, cursor: query.cursor, ...NEWEST_FIRST })
}

/** The subject a file link signs: workspace, asset and variant. */
export function linkSubject(workspaceId: string, assetId: string, variant: string) {
  return `${workspaceId}:${assetId}:${variant}`
}

/**
 * Signed, expiring links to an asset's file and thumbnail (never a public
 * path): valid for CONTENT_SIGNED_URL_SECONDS.
 */
export function assetLinks(asset: AssetRow) {
  const expiresAt = new Date(Date.now() + contentConfig.signedUrlSeconds * 1000)
  const link = (variant: 'original' | 'thumbnail') => {
    const signed = signLink(
      ASSET_LINK_PURPOSE,
      linkSubject(asset.workspace_id, asset.id, variant),
      expiresAt
    )
    return `${appUrl}/v1/content/asset-files/${asset.workspace_id}/${asset.id}/${variant}?${signed.query}`
  }
  return {
    url: link('original'),
    thumbnail_url: asset.has_thumbnail ? link('thumbnail') : null,
    expires_at: new Date(Math.floor(expiresAt.getTime() / 1000) * 1000),
  }
}
