import vine from '@vinejs/vine'
import { pageQuery } from '#sdk'

/** Statuses of a document. */
export const DOCUMENT_STATUSES = ['processing', 'ready', 'failed'] as const

/** Longest raw text accepted in a JSON body (the JSON body limit is 1 MB). */
const MAX_TEXT_CHARS = 1_000_000

const title = vine.string().trim().minLength(1).maxLength(500).optional()
const text = vine.string().minLength(1).maxLength(MAX_TEXT_CHARS)

/** An http(s) URL without credentials, at most 2,048 characters. */
const url = vine
  .string()
  .trim()
  .maxLength(2048)
  .url({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })

/** Body of POST /v1/knowledge/documents: raw text or a URL to import (exactly one). */
export const createDocumentValidator = vine.create({
  bucket_id: vine.string().uuid(),
  title,
  text: text.optional(),
  url: url.optional(),
})

/** Form fields of POST /v1/knowledge/documents/upload besides the file. */
export const uploadDocumentValidator = vine.create({
  bucket_id: vine.string().uuid(),
  title,
})

/** JSON body of PUT /v1/knowledge/documents/:id/content (the multipart form sends `file`). */
export const replaceContentValidator = vine.create({
  text,
})

/** Query of GET /v1/knowledge/documents. */
export const listDocumentsValidator = vine.create({
  ...pageQuery,
  bucket_id: vine.string().uuid().optional(),
  status: vine.enum(DOCUMENT_STATUSES).optional(),
  /** Part of the title, any case. */
  q: vine.string().trim().minLength(1).maxLength(200).optional(),
})

/** Query of GET /v1/knowledge/documents/:id. */
export const showDocumentValidator = vine.create({
  /** Also return the extracted text (`content`). */
  include_content: vine.boolean().optional(),
})

/** Query of GET /v1/knowledge/documents/:id/chunks. */
export const listChunksValidator = vine.create({
  ...pageQuery,
  /** Also return each chunk's embedding vector. */
  include_embedding: vine.boolean().optional(),
})

/** Query of GET /v1/knowledge/chunks/:id. */
export const showChunkValidator = vine.create({
  include_embedding: vine.boolean().optional(),
})
