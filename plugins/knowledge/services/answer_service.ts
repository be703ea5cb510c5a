import { aiGateway, type AiMessage, type AiUsage, type TextRequest, terms } from '#sdk'
import {
  markUsedInResponse,
  searchKnowledge,
  type KnowledgeQueryEmbedding,
  type KnowledgeSearchHit,
  type KnowledgeSearchParams,
} from './search_service.js'
import { CitationStreamFilter, citationsOf, toCitation, type Citation } from './citations.js'
import type { Infer } from '@vinejs/vine/types'
import type { answerValidator } from '../validators/answer_validator.js'

/** Sources retrieved for an answer when the request names no `limit`. */
const DEFAULT_ANSWER_SOURCES = 6

/**
 * Similarity from which a chunk counts as a source even without a word in
 * common with the question: a semantic match of a real embedding model (whose
 * unrelated texts score about 0.0-0.2). The local hashing embedder only scores
 * that high through shared words, so with it sources are the chunks sharing a
 * content word with the question; its hash collisions (up to about 0.2 for short
 * questions) are not sources.
 */
const SEMANTIC_MATCH_SIMILARITY = 0.3

/** Output budget of one answer. */
const MAX_ANSWER_TOKENS = 1000

/**
 * What an answer says when retrieval found nothing relevant. The model is not
 * called then: with no sources there is nothing to ground or cite, and a model
 * asked anyway answers from its own memory, which is what a knowledge-base
 * answer must not do.
 */
export const NOTHING_FOUND_ANSWER =
  'The knowledge base has nothing on this question: no document in the searched buckets matches it, so there is no sourced answer to give.'

/** Stored when a model returns an empty text (a message cannot be empty). */
const EMPTY_ANSWER = 'The model returned no answer from the sources.'

/** A question to answer from the knowledge base. */
export interface AnswerRequest {
  question: string
  bucketIds?: string[]
  bucketType?: 'campaign' | 'general'
  campaignId?: string
  /** Sources to retrieve (1..20). */
  limit?: number
  /** Minimum cosine similarity of a hit, passed to the search (0..1, default 0). */
  threshold?: number
  /** AI provider and model; default: the gateway's (the offline `local` provider unless configured). */
  provider?: string
  model?: string
  /** Earlier turns of a conversation, oldest first (without the question). */
  history?: AiMessage[]
  /** The question's knowledge embedding when already computed (a stored conversation message). */
  questionEmbedding?: KnowledgeQueryEmbedding
  /** Metering label of the model call. */
  purpose: 'knowledge.answer' | 'knowledge.conversation'
}

/** The answer options of a validated body (`answerOptions`, shared by both answer routes). */
export type AnswerOptionsBody = Omit<Infer<typeof answerValidator>, 'question' | 'save_note'>

/**
 * The AnswerRequest of a question and the answer options of a validated body
 * (POST /knowledge/answer and conversation messages share them).
 */
export function answerRequestOf(
  question: string,
  options: AnswerOptionsBody,
  purpose: AnswerRequest['purpose']
): AnswerRequest {
  return {
    question,
    bucketIds: options.bucket_ids,
    bucketType: options.bucket_type,
    campaignId: options.campaign_id,
    limit: options.limit,
    threshold: options.threshold,
    provider: options.provider,
    model: options.model,
    purpose,
  }
}

/** The numbered sources of an answer: hit n-1 is source [n]. */
export interface RetrievedSources {
  searchId: string
  hits: KnowledgeSearchHit[]
}

/** A generated (or "nothing found") answer with the citations its text makes. */
export interface Answer {
  /** The answer with valid `[n]` markers only. */
  text: string
  /** The sources the text cites, by number. */
  citations: Citation[]
  /** The cited hits (same order as `citations`). */
  cited: KnowledgeSearchHit[]
  searchId: string
  /** Null when no model was called (nothing relevant was found). */
  provider: string | null
  model: string | null
  usage: AiUsage | null
}

/**
 * Retrieves the sources of an answer through the knowledge search (hybrid,
 * tenant-scoped, logged to knowledge_access_logs with agent type `answer`),
 * keeping the relevant hits (see isRelevant) in search order.
 */
export async function retrieveSources(request: AnswerRequest): Promise<RetrievedSources> {
  const params: KnowledgeSearchParams = {
    query: request.question,
    bucketIds: request.bucketIds?.length ? request.bucketIds : undefined,
    bucketType: request.bucketType,
    campaignId: request.campaignId,
    limit: request.limit ?? DEFAULT_ANSWER_SOURCES,
    threshold: request.threshold,
    mode: 'hybrid',
    agentType: 'answer',
    queryEmbedding: request.questionEmbedding,
  }
  const { searchId, hits } = await searchKnowledge(params)
  const questionTerms = new Set(terms(request.question))
  return { searchId, hits: hits.filter((hit) => isRelevant(hit, questionTerms)) }
}

/**
 * Whether a hit can ground an answer: it matched the question's words in the
 * full-text leg, shares a content word with it (stemmed, stop words aside), or
 * is a semantic match (SEMANTIC_MATCH_SIMILARITY). The search always returns
 * the nearest chunks, related or not; this keeps "nearest of unrelated texts"
 * out of the sources, so a question the knowledge base does not cover gets an
 * honest "nothing found" instead of an answer from unrelated chunks.
 */
function isRelevant(hit: KnowledgeSearchHit, questionTerms: Set<string>) {
  if (hit.textRank !== null) return true
  if (hit.similarity !== null && hit.similarity >= SEMANTIC_MATCH_SIMILARITY) return true
  return terms(`${hit.documentTitle}\n${hit.content}`).some((term) => questionTerms.has(term))
}

/** The sources as numbered citations (all of them, cited or not): what the model is shown. */
export function numberedSources(hits: KnowledgeSearchHit[]): Citation[] {
  return hits.map((hit, index) => toCitation(hit, index + 1))
}

/**
 * The system prompt of an answer: answer from the numbered sources only, cite
 * each statement as [n]. The sources' texts travel as the gateway's `context`
 * (numbered [1]..[n] in the same order by every provider); their titles are
 * listed here.
 */
function answerSystemPrompt(hits: KnowledgeSearchHit[]) {
  const titles = hits
    .map((hit, index) => `[${index + 1}] "${hit.documentTitle}" (bucket "${hit.bucketName}")`)
    .join('\n')
  return (
    'You answer questions from the knowledge base of a marketing team, using only the numbered ' +
    'sources given to you. After every statement, cite the sources it comes from with their ' +
    `numbers in square brackets, e.g. [1] or [1, 2]; valid numbers are 1 to ${hits.length}. ` +
    'If the sources do not contain the answer, say that the knowledge base does not cover it; ' +
    'never answer from outside knowledge. Be concise.\n\nSources:\n' +
    titles
  )
}

/**
 * Answers a question from retrieved sources through the AI gateway: the
 * offline `local` provider answers extractively (sentences of the sources,
 * each followed by its [n]); a configured provider generates the answer from
 * the same numbered sources. Markers that name no source are removed, the
 * cited chunks are marked `used_in_response` in the access log. With
 * `onDelta` the answer streams (cleaned pieces whose concatenation is `text`).
 * Without sources no model is called (see NOTHING_FOUND_ANSWER). `signal`
 * (the stream's) stops a streamed answer whose client went away.
 */
export async function generateAnswer(
  request: AnswerRequest,
  sources: RetrievedSources,
  onDelta?: (text: string) => void | Promise<void>,
  signal?: AbortSignal
): Promise<Answer> {
  const { hits, searchId } = sources
  if (hits.length === 0) {
    if (onDelta) await onDelta(NOTHING_FOUND_ANSWER)
    return {
      text: NOTHING_FOUND_ANSWER,
      citations: [],
      cited: [],
      searchId,
      provider: null,
      model: null,
      usage: null,
    }
  }

  const textRequest: TextRequest = {
    purpose: request.purpose,
    system: answerSystemPrompt(hits),
    messages: [...(request.history ?? []), { role: 'user', content: request.question }],
    context: hits.map((hit) => hit.content),
    provider: request.provider,
    model: request.model,
    maxOutputTokens: MAX_ANSWER_TOKENS,
  }
  const filter = new CitationStreamFilter(hits.length)
  let result
  if (onDelta) {
    result = await aiGateway.streamText({ ...textRequest, signal }, async (piece) => {
      const ready = filter.push(piece)
      if (ready) await onDelta(ready)
    })
    const rest = filter.flush()
    if (rest) await onDelta(rest)
  } else {
    result = await aiGateway.generateText(textRequest)
    filter.push(result.text)
    filter.flush()
  }
  let text = filter.text
  if (!text.trim()) {
    // Stored messages need a text; say plainly that the model gave none.
    text = EMPTY_ANSWER
    if (onDelta) await onDelta(text)
  }
  const { citations, cited } = citationsOf(text, hits)
  await markUsedInResponse(
    searchId,
    cited.map((hit) => hit.chunkId)
  )
  return {
    text,
    citations,
    cited,
    searchId,
    provider: result.provider,
    model: result.model,
    usage: result.usage,
  }
}
