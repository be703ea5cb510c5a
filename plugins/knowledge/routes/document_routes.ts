import router from '@adonisjs/core/services/router'
import {
  createDocumentValidator,
  listChunksValidator,
  listDocumentsValidator,
  replaceContentValidator,
  showChunkValidator,
  showDocumentValidator,
} from '../validators/document_validator.js'
import * as schemas from '../openapi/document_schemas.js'
import { uuidParams } from '#sdk'

const DocumentsController = () => import('../controllers/knowledge_documents_controller.js')
const ChunksController = () => import('../controllers/knowledge_chunks_controller.js')

const tag = 'Knowledge'
const idParams = uuidParams()
const tooLarge = { description: 'The file is larger than KNOWLEDGE_MAX_FILE_BYTES (default 20 MB)' }
const unsupported = { description: 'The file extension is not txt, md, html, pdf or docx' }
const formats =
  'Formats: .txt, .md, .html/.htm, .pdf (text layer needed), .docx; the extension must match the content (checked by sniffing). At most KNOWLEDGE_MAX_FILE_BYTES (default 20 MB).'

/**
 * Registers the knowledge document and chunk routes: ingestion (text, URL,
 * multipart upload, content replacement, re-processing), reads with progress,
 * deletion, download of the original, and chunk reads.
 */
export default function registerDocumentRoutes() {
  router.get('/knowledge/documents', [DocumentsController, 'index']).openapi({
    operationId: 'knowledge.documents.list',
    summary: 'Documents of this workspace, newest first (filters: bucket, status, title)',
    tag,
    scope: 'knowledge:read',
    query: listDocumentsValidator,
    responses: {
      200: { description: 'A page of documents', schema: schemas.knowledgeDocumentPage },
    },
  })
  router.post('/knowledge/documents', [DocumentsController, 'store']).openapi({
    operationId: 'knowledge.documents.create',
    summary: 'Add a document from raw text or a URL (processed in the background)',
    description:
      'Send `text` (markdown headings are followed when chunking) or `url` (http/https; downloaded by the job, never to private addresses, at most KNOWLEDGE_MAX_FILE_BYTES, HTML, text, markdown, PDF or DOCX). Answers 202 with the document in status `processing`; follow `progress` with GET /v1/knowledge/documents/{id}.',
    tag,
    scope: 'knowledge:write',
    body: createDocumentValidator,
    responses: { 202: { description: 'Accepted and queued', schema: schemas.knowledgeDocument } },
  })
  router.post('/knowledge/documents/upload', [DocumentsController, 'upload']).openapi({
    operationId: 'knowledge.documents.upload',
    summary: 'Upload a document file (multipart fields `bucket_id`, `title`, `file`)',
    description: `multipart/form-data with \`bucket_id\` (uuid), optional \`title\` and \`file\`. ${formats} Answers 202 with the document in status \`processing\`.`,
    tag,
    scope: 'knowledge:write',
    responses: {
      202: { description: 'Accepted and queued', schema: schemas.knowledgeDocument },
      413: tooLarge,
      415: unsupported,
      422: {
        description:
          'Missing or invalid field, or a file whose content does not match its extension',
      },
    },
  })
  router.get('/knowledge/documents/:id', [DocumentsController, 'show']).openapi({
    operationId: 'knowledge.documents.show',
    summary: 'One document with its processing progress',
    tag,
    scope: 'knowledge:read',
    params: idParams,
    query: showDocumentValidator,
    responses: { 200: { description: 'The document', schema: schemas.knowledgeDocument } },
  })
  router.put('/knowledge/documents/:id/content', [DocumentsController, 'replaceContent']).openapi({
    operationId: 'knowledge.documents.replace_content',
    summary:
      'Replace the content (new file or text) and re-process; unchanged chunks keep their embeddings',
    description: `JSON \`{ "text": "..." }\` or multipart/form-data with \`file\`. ${formats} Only chunks whose content changed are embedded again.`,
    tag,
    scope: 'knowledge:write',
    params: idParams,
    body: replaceContentValidator,
    responses: {
      202: { description: 'Accepted and queued', schema: schemas.knowledgeDocument },
      413: tooLarge,
      415: unsupported,
    },
  })
  router.post('/knowledge/documents/:id/reprocess', [DocumentsController, 'reprocess']).openapi({
    operationId: 'knowledge.documents.reprocess',
    summary: 'Process the document again from its source (a URL is downloaded again)',
    tag,
    scope: 'knowledge:write',
    params: idParams,
    responses: { 202: { description: 'Accepted and queued', schema: schemas.knowledgeDocument } },
  })
  router.get('/knowledge/documents/:id/original', [DocumentsController, 'original']).openapi({
    operationId: 'knowledge.documents.original',
    summary: 'Download the original file (uploads and URL imports; 404 for text documents)',
    description:
      'Answers the stored bytes with their content type and a Content-Disposition attachment name.',
    tag,
    scope: 'knowledge:read',
    params: idParams,
    responses: { 200: { description: 'The original file (its own content type)' } },
  })
  router.delete('/knowledge/documents/:id', [DocumentsController, 'destroy']).openapi({
    operationId: 'knowledge.documents.delete',
    summary: 'Delete a document with its chunks and stored original',
    tag,
    scope: 'knowledge:write',
    params: idParams,
    responses: { 204: { description: 'Deleted' } },
  })
  router.get('/knowledge/documents/:id/chunks', [ChunksController, 'index']).openapi({
    operationId: 'knowledge.chunks.list',
    summary: "A document's chunks in order (embeddings only with include_embedding=true)",
    tag,
    scope: 'knowledge:read',
    params: idParams,
    query: listChunksValidator,
    responses: { 200: { description: 'A page of chunks', schema: schemas.knowledgeChunkPage } },
  })
  router.get('/knowledge/chunks/:id', [ChunksController, 'show']).openapi({
    operationId: 'knowledge.chunks.show',
    summary: 'One chunk',
    tag,
    scope: 'knowledge:read',
    params: idParams,
    query: showChunkValidator,
    responses: { 200: { description: 'The chunk', schema: schemas.knowledgeChunk } },
  })
}
