import { column, defineResource } from '#sdk'

/**
 * One row of the knowledge access log (table `knowledge_access_logs`), private
 * to its user: a hit of a search, or the single row of a search that found
 * nothing. Written by the search service; read-only through the API.
 */
export const accessLogResource = defineResource({
  name: 'KnowledgeAccessLog',
  table: 'knowledge_access_logs',
  columns: {
    id: column.uuid().required(),
    search_id: column.uuid().required(),
    bucket_id: column.uuid().nullable().required(),
    document_id: column.uuid().nullable().required(),
    chunk_id: column.uuid().nullable().required().openapi({
      description:
        'Null on the single row of a search that found nothing (or once the chunk is gone)',
    }),
    agent_type: column
      .text()
      .nullable()
      .required()
      .openapi({ description: 'search, answer, conversation, ...' }),
    query_text: column.text().nullable().required(),
    similarity_score: column.float().nullable().required(),
    rank: column.integer().nullable().required().openapi({ minimum: 1 }),
    used_in_response: column.boolean().required(),
    user_id: column.uuid().required(),
    created_at: column.timestamp().required(),
  },
})
