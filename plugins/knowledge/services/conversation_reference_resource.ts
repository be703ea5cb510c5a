import { column, defineResource } from '#sdk'

/**
 * A chunk an answer of a conversation cited (table
 * `conversation_knowledge_refs`, alias `r`), with the title of its document
 * (a joined column: the queries left-join `knowledge_documents as d`).
 * Written only by the conversation service when it stores an answer.
 */
export const conversationReferenceResource = defineResource({
  name: 'KnowledgeConversationReference',
  table: 'conversation_knowledge_refs',
  columns: {
    id: column.uuid().required(),
    conversation_id: column.uuid().required(),
    message_id: column.uuid().required(),
    chunk_id: column
      .uuid()
      .nullable()
      .required()
      .openapi({ description: 'Null once the chunk was deleted or re-processed' }),
    document_id: column
      .uuid()
      .nullable()
      .required()
      .openapi({ description: 'Null once the document was deleted' }),
    document_title: column.text().nullable().computed('d."title"'),
    citation_number: column.integer().required().openapi({ minimum: 1 }),
    similarity_score: column.float().nullable(),
    created_at: column.timestamp(),
  },
})
