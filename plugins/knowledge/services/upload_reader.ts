import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import type { HttpContext } from '@adonisjs/core/http'
import { Problem } from '#sdk'
import knowledgeConfig from '../knowledge_config.js'
import { ExtractionError } from './extraction/extraction_error.js'
import {
  checkContentMatches,
  KNOWLEDGE_FILE_TYPES,
  typeFromFileName,
} from './extraction/file_types.js'
import type { IngestFile } from './ingestion_service.js'

/** The 413 problem of a file over `limit` bytes (announced size or bytes read). */
function fileTooLarge(limit: number) {
  return new Problem(
    413,
    'payload-too-large',
    'Payload Too Large',
    `The file is larger than the limit of ${limit} bytes`
  )
}

/**
 * Reads the multipart field `file` of a knowledge upload and checks it: a
 * 413 problem past KNOWLEDGE_MAX_FILE_BYTES, 415 for an extension we do not
 * ingest, 422 when the content does not match the extension (a `.pdf` that is
 * not a PDF, a `.txt` that is not UTF-8 text) or the file is missing or empty.
 * Returns null when the request has no `file` and `optional` is set.
 */
export async function readUpload(
  request: HttpContext['request'],
  options: { optional?: boolean } = {}
): Promise<IngestFile | null> {
  const limit = knowledgeConfig.maxFileBytes
  const stray = Object.keys(request.allFiles()).find((field) => field !== 'file')
  if (stray) {
    throw Problem.invalidField(
      stray,
      `Unexpected file field "${stray}": send the document as the multipart field "file"`,
      'unexpected_file'
    )
  }
  if (request.files('file').length > 1) {
    throw Problem.invalidField('file', 'Send exactly one file per document', 'single_file')
  }
  const file = request.file('file', { size: limit })
  if (!file) {
    if (options.optional) return null
    throw Problem.invalidField(
      'file',
      'Attach the document as the multipart field "file"',
      'required'
    )
  }
  if (!file.isValid) {
    const error = file.errors[0]
    if (error?.type === 'size') {
      throw fileTooLarge(limit)
    }
    throw Problem.invalidField(
      'file',
      error?.message ?? 'The file could not be read',
      error?.type ?? 'file'
    )
  }
  const fileName = clientFileName(file.clientName)
  const type = typeFromFileName(fileName)
  if (!type) {
    throw new Problem(
      415,
      'unsupported-media-type',
      'Unsupported Media Type',
      `"${fileName}" is not a supported document: upload ${KNOWLEDGE_FILE_TYPES.map((t) => `.${t}`).join(', ')}`
    )
  }
  const bytes = await readFile(file.tmpPath!)
  if (bytes.length > limit) {
    throw fileTooLarge(limit)
  }
  try {
    checkContentMatches(type, bytes)
  } catch (error) {
    if (error instanceof ExtractionError)
      throw Problem.invalidField('file', error.message, 'file_type')
    throw error
  }
  return { bytes, type, fileName }
}

/**
 * The client's file name without any directory part (some clients send a
 * path; the name is shown in downloads) and at most 255 characters, keeping
 * the extension the type was read from.
 */
export function clientFileName(raw: string): string {
  const name = basename(raw.replaceAll('\\', '/')).trim() || 'document'
  if (name.length <= 255) return name
  const extension = /\.[A-Za-z0-9]{1,10}$/.exec(name)?.[0] ?? ''
  return name.slice(0, 255 - extension.length) + extension
}
