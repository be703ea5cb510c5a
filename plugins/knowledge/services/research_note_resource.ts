import { column, defineResource } from '#sdk'

/** Tags trimmed, lower-cased and deduplicated. */
export function normalizeTags(tags: string[]) {
  return [...new Set(tags.map((tag) => tag.trim().toLowerCase()).filter(Boolean))]
}

/** One source of a note: the chunk a citation named, as it was when the note was saved. */
export interface SourceRef {
  citation: number | null
  chunk_id: string | null
  document_id: string | null
  document_title: string | null
  snippet: string | null
}

const nullableUuid = { type: ['string', 'null'], format: 'uuid' }
const nullableText = { type: ['string', 'null'] }

/**
 * A research note (table `research_notes`), private to its user: a saved
 * answer or the user's own text with its sources. Notes are created by the
 * research note service; the API edits title, content and tags.
 */
export const researchNoteResource = defineResource({
  name: 'KnowledgeResearchNote',
  table: 'research_notes',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid().required(),
    user_id: column.uuid().required(),
    conversation_id: column.uuid().nullable(),
    message_id: column.uuid().nullable(),
    title: column.text().nullable().writable({ on: 'update' }),
    content: column.text().required().writable({ on: 'update' }),
    source_refs: column
      .jsonb<SourceRef[]>()
      .required()
      .schema({
        type: 'array',
        items: {
          type: 'object',
          properties: {
            citation: { type: ['integer', 'null'] },
            chunk_id: nullableUuid,
            document_id: nullableUuid,
            document_title: nullableText,
            snippet: nullableText,
          },
        },
      }),
    tags: column.textArray().required().writable({ on: 'update', set: normalizeTags }),
    created_at: column.timestamp().required(),
    updated_at: column.timestamp(),
  },
})
