import { open } from 'node:fs/promises'
import { fileTypeFromBuffer } from 'file-type'
import sharp from 'sharp'
import type { ASSET_TYPES } from './asset_resource.js'

/** What the library accepts, by detected MIME type. */
const ACCEPTED: Record<string, (typeof ASSET_TYPES)[number]> = {
  'image/jpeg': 'image',
  'image/png': 'image',
  'image/gif': 'image',
  'image/webp': 'image',
  'image/avif': 'image',
  'video/mp4': 'video',
  'video/quicktime': 'video',
  'video/webm': 'video',
  'audio/wav': 'audio',
  'audio/x-wav': 'audio',
  'audio/mpeg': 'audio',
  'audio/ogg': 'audio',
  'audio/x-m4a': 'audio',
  'application/pdf': 'document',
}

/** The accepted MIME types (documented in the guide and the OpenAPI description). */
export const ACCEPTED_MIME_TYPES = Object.keys(ACCEPTED)

/** What the bytes of a file are, or null when the library does not take them. */
export async function detectAssetType(head: Buffer) {
  const detected = await fileTypeFromBuffer(head)
  if (!detected) return null
  const mime = detected.mime === 'audio/vnd.wave' ? 'audio/wav' : detected.mime
  const assetType = ACCEPTED[mime]
  return assetType ? { mime, ext: detected.ext, assetType } : null
}

/** Image dimensions, or null when the image cannot be read. */
export async function imageSize(path: string) {
  try {
    const metadata = await sharp(path, { limitInputPixels: 100_000_000 }).metadata()
    if (!metadata.width || !metadata.height) return null
    return { width: metadata.width, height: metadata.height, format: metadata.format }
  } catch {
    return null
  }
}

/** A WebP thumbnail at most 320 px wide or high, or null when the image cannot be read. */
export async function thumbnail(path: string): Promise<Buffer | null> {
  try {
    return await sharp(path, { limitInputPixels: 100_000_000 })
      .rotate()
      .resize(320, 320, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer()
  } catch {
    return null
  }
}

/**
 * Duration in seconds of an MP4/MOV (the `mvhd` box) or a WAV file (data
 * size / byte rate), read from box and chunk headers without loading the
 * media; null when it cannot be read cheaply.
 */
export async function mediaDuration(path: string, mime: string): Promise<number | null> {
  const file = await open(path, 'r')
  try {
    const { size } = await file.stat()
    const read = async (position: number, length: number) => {
      const buffer = Buffer.alloc(length)
      const { bytesRead } = await file.read(buffer, 0, length, position)
      return buffer.subarray(0, bytesRead)
    }
    if (mime === 'video/mp4' || mime === 'video/quicktime' || mime === 'audio/x-m4a') {
      return await mp4Duration(read, 0, size, 0)
    }
    if (mime === 'audio/wav' || mime === 'audio/x-wav') return await wavDuration(read, size)
    return null
  } catch {
    return null
  } finally {
    await file.close()
  }
}

type Reader = (position: number, length: number) => Promise<Buffer>

async function mp4Duration(
  read: Reader,
  start: number,
  end: number,
  depth: number
): Promise<number | null> {
  let position = start
  for (let boxes = 0; position + 8 <= end && boxes < 1000; boxes++) {
    const header = await read(position, 16)
    if (header.length < 8) return null
    let boxSize = header.readUInt32BE(0)
    const type = header.toString('latin1', 4, 8)
    let headerSize = 8
    if (boxSize === 1) {
      boxSize = Number(header.readBigUInt64BE(8))
      headerSize = 16
    } else if (boxSize === 0) {
      boxSize = end - position
    }
    if (boxSize < headerSize) return null
    if (type === 'moov' && depth === 0) {
      return mp4Duration(read, position + headerSize, position + boxSize, 1)
    }
    if (type === 'mvhd' && depth === 1) {
      const body = await read(position + headerSize, 32)
      const version = body[0]
      const timescale = version === 1 ? body.readUInt32BE(20) : body.readUInt32BE(12)
      const duration = version === 1 ? Number(body.readBigUInt64BE(24)) : body.readUInt32BE(16)
      return timescale ? duration / timescale : null
    }
    position += boxSize
  }
  return null
}

async function wavDuration(read: Reader, size: number): Promise<number | null> {
  let position = 12
  let byteRate = 0
  for (let chunks = 0; position + 8 <= size && chunks < 100; chunks++) {
    const header = await read(position, 8)
    const id = header.toString('latin1', 0, 4)
    const length = header.readUInt32LE(4)
    if (id === 'fmt ') {
      const format = await read(position + 8, 16)
      byteRate = format.readUInt32LE(8)
    }
    if (id === 'data') return byteRate ? Math.min(length, size - position - 8) / byteRate : null
    position += 8 + length + (length % 2)
  }
  return null
}
