import { Problem, tenant, rawQuery, usageBody, type AiMessage } from '#sdk'
import { embedForKnowledge, vectorParam } from './embedding_service.js'
import { stripCitationMarkers } from './citations.js'
import { assertBucketsExist } from './bucket_service.js'
import type { Answer } from './answer_service.js'
import type { KnowledgeQueryEmbedding } from './search_service.js'
import { conversationResource, type ConversationRow } from './conversation_resource.js'
import { conversationMessageResource } from './conversation_message_resource.js'

/** Earlier messages sent to the model with a new question. */
const HISTORY_MESSAGES = 20
/** Upper bound of history characters, so long conversations stay within model limits. */
const HISTORY_CHARACTERS = 24_000
/** Longest title derived from a conversation's first question. */
const DERIVED_TITLE_CHARACTERS = 80

/**
 * The caller's conversation, or 404: conversations are private to their user,
 * so another member's conversation in the same workspace is not found either.
 */
export async function findConversation(id: string): Promise<ConversationRow> {
  const { trx, workspaceId, userId } = tenant()
  const conversation = await conversationResource
    .query(trx)
    .where({ id, workspace_id: workspaceId!, user_id: userId! })
    .first()
  if (!conversation) throw Problem.notFound('Conversation')
  return conversation
}

/** Creates a conversation of the current user. */
export async function createConversation(input: {
  title?: string | null
  bucket_ids?: string[]
  metadata?: Record<string, unknown>
}): Promise<ConversationRow> {
  await assertBucketsExist(input.bucket_ids)
  const { trx, workspaceId, userId } = tenant()
  const result = await rawQuery(
    trx,
    `insert into public.conversations (workspace_id, user_id, title, bucket_ids, metadata)
     values (?, ?, ?, ?::uuid[], ?::jsonb) returning ${conversationResource.sql()}`,
    [
      workspaceId,
      userId,
      input.title ?? null,
      [...new Set(input.bucket_ids ?? [])],
      JSON.stringify(input.metadata ?? {}),
    ]
  )
  return result.rows[0]
}

/**
 * The conversation's latest messages as model messages, oldest first, trimmed
 * to HISTORY_MESSAGES and HISTORY_CHARACTERS. Citation markers are removed from
 * earlier answers: their numbers named other sources than the new question's.
 */
export async function conversationHistory(conversationId: string): Promise<AiMessage[]> {
  const { trx, workspaceId } = tenant()
  const result = await rawQuery(
    trx,
    `select role, content from public.conversation_messages
      where workspace_id = ? and conversation_id = ?
      order by "timestamp" desc, id desc limit ?`,
    [workspaceId, conversationId, HISTORY_MESSAGES]
  )
  return modelHistory(result.rows)
}

/**
 * Earlier turns (newest first) as model messages, oldest first, within
 * HISTORY_MESSAGES and HISTORY_CHARACTERS, citation markers removed from
 * answers. Shared by stored conversations and the embedded assistant, whose
 * widget sends its in-memory turns.
 */
export function modelHistory(
  newestFirst: { role: 'user' | 'assistant'; content: string }[]
): AiMessage[] {
  const messages: AiMessage[] = []
  let budget = HISTORY_CHARACTERS
  for (const row of newestFirst.slice(0, HISTORY_MESSAGES)) {
    const content = row.role === 'assistant' ? stripCitationMarkers(row.content) : row.content
    if (content.length > budget) break
    budget -= content.length
    messages.unshift({ role: row.role, content })
  }
  // A history starting with an answer has lost its question: drop the orphan.
  while (messages[0]?.role === 'assistant') messages.shift()
  return messages
}

/**
 * Embeds a question (purpose `knowledge.conversation`, the knowledge embedding
 * model) before anything is written, so the answer's search does not embed it
 * again and the question is stored only with its answer (addUserMessage).
 */
export async function embedQuestion(content: string): Promise<KnowledgeQueryEmbedding> {
  const { vectors, model } = await embedForKnowledge([content], 'knowledge.conversation')
  return { vector: vectors[0], model }
}

/**
 * Stores the user's question in the conversation with its embedding, under
 * the id announced in the stream's `start` event. Called once the answer is
 * at hand (a remote answer is generated with no transaction open), so a
 * failed answer leaves no question without its answer.
 */
export async function addUserMessage(
  conversationId: string,
  id: string,
  content: string,
  embedding: KnowledgeQueryEmbedding
): Promise<Record<string, any>> {
  const { trx, workspaceId, userId } = tenant()
  const result = await rawQuery(
    trx,
    `insert into public.conversation_messages
       (id, workspace_id, conversation_id, user_id, role, content, embedding, embedding_model,
        "timestamp")
     values (?, ?, ?, ?, 'user', ?, ?::vector, ?, clock_timestamp()) returning ${conversationMessageResource.sql()}`,
    [
      id,
      workspaceId,
      conversationId,
      userId,
      content,
      vectorParam(embedding.vector),
      embedding.model,
    ]
  )
  return result.rows[0]
}

/**
 * Stores the answer as the conversation's assistant message (citations and
 * how it was produced), records one `conversation_knowledge_refs` row per
 * cited chunk, and touches the conversation (named after its first question
 * when it has no title).
 */
export async function addAssistantMessage(
  conversation: ConversationRow,
  question: string,
  answer: Answer
) {
  const { trx, workspaceId, userId } = tenant()
  const metadata = {
    search_id: answer.searchId,
    provider: answer.provider,
    model: answer.model,
    usage: answer.usage ? usageBody(answer.usage) : null,
  }
  const inserted = await rawQuery(
    trx,
    `insert into public.conversation_messages
       (workspace_id, conversation_id, user_id, role, content, citations, metadata, "timestamp")
     values (?, ?, ?, 'assistant', ?, ?::jsonb, ?::jsonb, clock_timestamp())
     returning ${conversationMessageResource.sql()}`,
    [
      workspaceId,
      conversation.id,
      userId,
      answer.text,
      JSON.stringify(answer.citations),
      JSON.stringify(metadata),
    ]
  )
  const message = inserted.rows[0]
  if (answer.citations.length) {
    const values = answer.citations.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')
    await rawQuery(
      trx,
      `insert into public.conversation_knowledge_refs
         (workspace_id, conversation_id, user_id, message_id, chunk_id, document_id,
          citation_number, similarity_score)
       values ${values}`,
      answer.citations.flatMap((citation, index) => [
        workspaceId,
        conversation.id,
        userId,
        message.id,
        citation.chunk_id,
        citation.document_id,
        citation.number,
        answer.cited[index].similarity,
      ])
    )
  }
  await rawQuery(
    trx,
    `update public.conversations set updated_at = now(), title = coalesce(title, ?)
      where workspace_id = ? and id = ?`,
    [derivedTitle(question), workspaceId, conversation.id]
  )
  return message
}

/** A short title from a question: its first words, at most DERIVED_TITLE_CHARACTERS. */
function derivedTitle(question: string) {
  const flat = question.replace(/\s+/g, ' ').trim()
  if (flat.length <= DERIVED_TITLE_CHARACTERS) return flat
  const cut = flat.slice(0, DERIVED_TITLE_CHARACTERS - 1)
  const space = cut.lastIndexOf(' ')
  return `${(space > 20 ? cut.slice(0, space) : cut).trimEnd()}…`
}
