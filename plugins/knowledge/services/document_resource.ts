import { column, defineResource } from '#sdk'
import { DOCUMENT_STATUSES } from '../validators/document_validator.js'
import { KNOWLEDGE_FILE_TYPES } from './extraction/file_types.js'

/** Progress of a document as the API shows it. */
export interface DocumentProgress {
  stage: string
  chunk_count: number
  embedded_chunk_count: number
  /** 0-100; null when processing failed. */
  percent: number | null
}

/**
 * Stage, counts and a percentage (`t` is the table's alias or name): each
 * stage starts at a share of the work (queued 0, extracting 5, chunking 15,
 * embedding 20, summarizing 95, done 100, failed null); embedding, the long
 * part, counts per chunk. `json` (not jsonb) keeps the keys in this order.
 */
const progressSql = (t: string) => `json_build_object(
    'stage', ${t}.processing_stage,
    'chunk_count', ${t}.chunk_count,
    'embedded_chunk_count', ${t}.embedded_chunk_count,
    'percent', case ${t}.processing_stage
      when 'failed' then null
      when 'extracting' then 5
      when 'chunking' then 15
      when 'embedding' then 20 + case when ${t}.chunk_count > 0
        then (75 * ${t}.embedded_chunk_count) / ${t}.chunk_count else 0 end
      when 'summarizing' then 95
      when 'done' then 100
      else 0 end)`

const count = { minimum: 0 }

/**
 * A knowledge document (table `knowledge_documents`) as the API shows it:
 * never the storage key or the run id; `has_original` and `progress` are
 * computed columns, and `content` (the extracted text, large) is omitted
 * unless asked for (`query(trx, undefined, { omit: ['content'] })`).
 * Writes are the ingestion service's own.
 */
export const documentResource = defineResource({
  name: 'KnowledgeDocument',
  table: 'knowledge_documents',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid().required(),
    bucket_id: column.uuid().required(),
    created_by: column.uuid().nullable(),
    title: column.text().required(),
    summary: column.text().nullable(),
    source_type: column.enum(['upload', 'url', 'text'] as const).required(),
    source_url: column.text().nullable(),
    file_name: column.text().nullable(),
    file_type: column.enum(KNOWLEDGE_FILE_TYPES).nullable(),
    mime_type: column.text().nullable(),
    /** `bigint`, selected as a number. */
    file_size: column
      .integer()
      .nullable()
      .openapi(count)
      .computed((t) => `${t}.file_size::float8`),
    source_hash: column
      .text()
      .nullable()
      .openapi({ description: 'SHA-256 of the original bytes or raw text' }),
    status: column.enum(DOCUMENT_STATUSES).required(),
    processing_stage: column.text().required(),
    processing_error: column
      .text()
      .nullable()
      .openapi({ description: 'Why processing failed, readable' }),
    chunk_count: column.integer().required().openapi(count),
    embedded_chunk_count: column.integer().required().openapi(count),
    token_count: column.integer().openapi(count),
    processed_at: column.timestamp().nullable(),
    metadata: column.jsonb(),
    has_original: column
      .boolean()
      .required()
      .openapi({ description: 'Whether GET .../original can download the source file' })
      .computed((t) => `coalesce(${t}.upload_path, '') <> ''`),
    progress: column
      .jsonb<DocumentProgress>()
      .required()
      .schema({ $ref: '#/components/schemas/KnowledgeDocumentProgress' })
      .computed(progressSql),
    content: column.text().openapi({ description: 'Extracted text (with include_content=true)' }),
    created_at: column.timestamp().required(),
    updated_at: column.timestamp(),
  },
})

/** A document row as the API answers it. */
export type DocumentRow = typeof documentResource.$row
