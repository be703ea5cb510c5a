import { Problem, tenant, rawQuery } from '#sdk'
import type { Citation } from './citations.js'
import { normalizeTags, researchNoteResource, type SourceRef } from './research_note_resource.js'

/** Longest note title (database CHECK). */
const TITLE_CHARACTERS = 200

/** The source refs of an answer's citations. */
export function sourceRefsOf(citations: Citation[]): SourceRef[] {
  return citations.map((citation) => ({
    citation: citation.number,
    chunk_id: citation.chunk_id,
    document_id: citation.document_id,
    document_title: citation.document_title,
    snippet: citation.snippet,
  }))
}

/** A note title from a question or text (first 200 characters, on one line). */
export function noteTitle(text: string) {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length <= TITLE_CHARACTERS ? flat : `${flat.slice(0, TITLE_CHARACTERS - 1)}…`
}

/** The caller's note, or 404 (also another member's note: notes are private). */
export async function findNote(id: string) {
  const { trx, workspaceId, userId } = tenant()
  const note = await researchNoteResource
    .query(trx)
    .where({ id, workspace_id: workspaceId!, user_id: userId! })
    .first()
  if (!note) throw Problem.notFound('Research note')
  return note
}

/** Stores a research note of the current user. */
export async function createNote(input: {
  conversationId?: string | null
  messageId?: string | null
  title?: string | null
  content: string
  sourceRefs: SourceRef[]
  tags?: string[]
}) {
  const { trx, workspaceId, userId } = tenant()
  const result = await rawQuery(
    trx,
    `insert into public.research_notes
       (workspace_id, user_id, conversation_id, message_id, title, content, source_refs, tags)
     values (?, ?, ?, ?, ?, ?, ?::jsonb, ?::text[])
     returning ${researchNoteResource.sql()}`,
    [
      workspaceId,
      userId,
      input.conversationId ?? null,
      input.messageId ?? null,
      input.title ?? null,
      input.content,
      JSON.stringify(input.sourceRefs),
      normalizeTags(input.tags ?? []),
    ]
  )
  return result.rows[0]
}

/**
 * Saves one of the caller's assistant answers as a note: its text, its
 * citations as source refs, its conversation; titled after the question it
 * answered unless a title is given. 422 on `message_id` when it names no
 * answer of the caller.
 */
export async function noteFromMessage(
  messageId: string,
  input: { title?: string | null; tags?: string[] }
) {
  const { trx, workspaceId, userId } = tenant()
  const found = await rawQuery(
    trx,
    `select m.id, m.conversation_id, m.content, m.citations,
            (select q.content from public.conversation_messages q
              where q.workspace_id = m.workspace_id and q.conversation_id = m.conversation_id
                and q.role = 'user' and (q."timestamp", q.id) < (m."timestamp", m.id)
              order by q."timestamp" desc, q.id desc limit 1) as question
       from public.conversation_messages m
      where m.workspace_id = ? and m.user_id = ? and m.id = ? and m.role = 'assistant'`,
    [workspaceId, userId, messageId]
  )
  const message = found.rows[0]
  if (!message) {
    throw Problem.invalidField(
      'message_id',
      'message_id does not name an answer in one of your conversations',
      'exists'
    )
  }
  return createNote({
    conversationId: message.conversation_id,
    messageId: message.id,
    title: input.title ?? (message.question ? noteTitle(message.question) : null),
    content: message.content,
    sourceRefs: sourceRefsOf(message.citations as Citation[]),
    tags: input.tags,
  })
}

/**
 * Checks the chunks and documents that hand-written source refs name: each
 * must exist in the current workspace (422 on `source_refs` otherwise).
 */
export async function assertSourceRefsExist(refs: SourceRef[]) {
  const { trx, workspaceId } = tenant()
  const check = async (table: string, ids: string[]) => {
    const unique = [...new Set(ids)]
    if (!unique.length) return
    const found = await rawQuery(
      trx,
      `select count(*)::int as n from public.${table} where workspace_id = ? and id = any(?::uuid[])`,
      [workspaceId, unique]
    )
    if (found.rows[0].n !== unique.length) {
      throw Problem.invalidField(
        'source_refs',
        `A source ref names a ${table === 'knowledge_chunks' ? 'chunk' : 'document'} that does not exist in this workspace`,
        'exists'
      )
    }
  }
  await check(
    'knowledge_chunks',
    refs.flatMap((ref) => (ref.chunk_id ? [ref.chunk_id] : []))
  )
  await check(
    'knowledge_documents',
    refs.flatMap((ref) => (ref.document_id ? [ref.document_id] : []))
  )
}
