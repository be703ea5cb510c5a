import type { HttpContext } from '@adonisjs/core/http'
import { keysetPage, NEWEST_FIRST, Problem, tenant, workspaceStorage, idParam } from '#sdk'
import {
  createDocumentValidator,
  listDocumentsValidator,
  replaceContentValidator,
  showDocumentValidator,
  uploadDocumentValidator,
} from '../validators/document_validator.js'
import {
  createDocument,
  deleteDocument,
  replaceContent,
  reprocessDocument,
  type IngestSource,
} from '../services/ingestion_service.js'
import { assertCanWrite } from '../services/write_access.js'
import { documentBody, findDocumentOrFail } from '../services/document_rows.js'
import { documentResource } from '../services/document_resource.js'
import { readUpload } from '../services/upload_reader.js'

/** `attachment; filename=...` with an ASCII fallback and the UTF-8 name (RFC 6266). */
function contentDisposition(fileName: string) {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`
}

/**
 * Knowledge documents: created from raw text, a URL or an uploaded file and
 * processed in the background (202); listed, read with their progress,
 * re-processed, given new content, deleted, and their original downloaded.
 */
export default class KnowledgeDocumentsController {
  async index({ request }: HttpContext) {
    const query = await listDocumentsValidator.validate(request.qs())
    const { trx, workspaceId } = tenant()
    const builder = documentResource
      .query(trx, undefined, { omit: ['content'] })
      .where('workspace_id', workspaceId!)
    if (query.bucket_id) builder.where('bucket_id', query.bucket_id)
    if (query.status) builder.where('status', query.status)
    if (query.q) builder.whereILike('title', `%${query.q.replace(/[\\%_]/g, '\\$&')}%`)
    return keysetPage(builder, { limit: query.limit, cursor: query.cursor, ...NEWEST_FIRST })
  }

  async store({ request, response }: HttpContext) {
    const input = await request.validateUsing(createDocumentValidator)
    if ((input.text === undefined) === (input.url === undefined)) {
      throw Problem.invalidField(
        input.text === undefined ? 'text' : 'url',
        'Send either "text" (raw text) or "url" (a page or file to import), not both',
        'required_either'
      )
    }
    if (input.url !== undefined) {
      const url = new URL(input.url)
      if (url.username || url.password) {
        throw Problem.invalidField('url', 'The URL must not contain credentials', 'url')
      }
    }
    const document = await createDocument({
      bucketId: input.bucket_id,
      title: input.title,
      source:
        input.text !== undefined
          ? { kind: 'text', text: input.text }
          : { kind: 'url', url: input.url! },
    })
    response.status(202)
    return document
  }

  async upload({ request, response }: HttpContext) {
    assertCanWrite()
    const fields = await uploadDocumentValidator.validate(request.body())
    const file = (await readUpload(request))!
    const document = await createDocument({
      bucketId: fields.bucket_id,
      title: fields.title,
      source: { kind: 'upload', file },
    })
    response.status(202)
    return document
  }

  async show({ params, request }: HttpContext) {
    const id = idParam(params, 'Document')
    const query = await showDocumentValidator.validate(request.qs())
    return documentBody(id, { content: query.include_content })
  }

  async replaceContent({ params, request, response }: HttpContext) {
    const id = idParam(params, 'Document')
    assertCanWrite()
    let source: IngestSource
    if (request.is(['multipart/form-data'])) {
      source = { kind: 'upload', file: (await readUpload(request))! }
    } else {
      const { text } = await request.validateUsing(replaceContentValidator)
      source = { kind: 'text', text }
    }
    const document = await replaceContent(id, source)
    response.status(202)
    return document
  }

  async reprocess({ params, response }: HttpContext) {
    const document = await reprocessDocument(idParam(params, 'Document'))
    response.status(202)
    return document
  }

  async destroy({ params, response }: HttpContext) {
    await deleteDocument(idParam(params, 'Document'))
    response.status(204)
  }

  async original({ params, response }: HttpContext) {
    const document = await findDocumentOrFail(idParam(params, 'Document'), {
      columns: ['workspace_id', 'upload_path', 'file_name', 'file_type', 'mime_type'],
    })
    if (!document.upload_path) throw Problem.notFound('Original file')
    const storage = workspaceStorage(document.workspace_id)
    if (!(await storage.exists(document.upload_path))) throw Problem.notFound('Original file')
    const name = document.file_name || `document.${document.file_type ?? 'bin'}`
    response.header('Content-Type', document.mime_type ?? 'application/octet-stream')
    response.header('Content-Disposition', contentDisposition(name))
    response.header('Cache-Control', 'private, no-store')
    response.header('X-Content-Type-Options', 'nosniff')
    response.send(Buffer.from(await storage.getBytes(document.upload_path)))
  }
}
