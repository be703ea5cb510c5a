import { defineSchema, pageOf } from '#sdk'
import { conversationResource } from '../services/conversation_resource.js'
import { conversationMessageResource } from '../services/conversation_message_resource.js'
import { researchNoteResource } from '../services/research_note_resource.js'
import { conversationReferenceResource } from '../services/conversation_reference_resource.js'

const uuid = { type: 'string', format: 'uuid' }
const nullableUuid = { type: ['string', 'null'], format: 'uuid' }
const nullableText = { type: ['string', 'null'] }

const citationProperties = {
  number: { type: 'integer', minimum: 1, description: 'The `[n]` the answer text uses' },
  chunk_id: uuid,
  document_id: uuid,
  document_title: { type: 'string' },
  bucket_id: uuid,
  snippet: { type: 'string' },
  score: { type: 'number', description: 'Fused search score of the chunk' },
}

/** A numbered source of an answer: `[number]` in the text names this chunk. */
export const citation = defineSchema('KnowledgeCitation', {
  type: 'object',
  required: Object.keys(citationProperties),
  properties: citationProperties,
})

/** The answer of POST /v1/knowledge/answer. */
export const answer = defineSchema('KnowledgeAnswer', {
  type: 'object',
  required: ['answer', 'citations', 'search_id', 'provider', 'model', 'research_note_id'],
  properties: {
    answer: {
      type: 'string',
      description: 'The answer; `[n]` markers cite the sources listed in `citations`',
    },
    citations: { type: 'array', items: citation },
    search_id: { ...uuid, description: 'The search (see GET /v1/knowledge/access-logs)' },
    provider: {
      ...nullableText,
      description: 'AI provider that wrote the answer; null when nothing relevant was found',
    },
    model: nullableText,
    research_note_id: {
      ...nullableUuid,
      description: 'The note saved with `save_note: true`, else null',
    },
  },
})

/** A citation of the embedded assistant's answer: a citation with its document's web address. */
export const embedCitation = defineSchema('KnowledgeEmbedCitation', {
  type: 'object',
  required: [...Object.keys(citationProperties), 'source_url'],
  properties: {
    ...citationProperties,
    source_url: {
      type: ['string', 'null'],
      format: 'uri',
      description: 'The http(s) page the document was ingested from; null for uploads and text',
    },
  },
})

/** The answer of POST /v1/embed/knowledge/answers (nothing is stored). */
export const embedAnswer = defineSchema('KnowledgeEmbedAnswer', {
  type: 'object',
  required: ['answer', 'citations', 'provider', 'model'],
  properties: {
    answer: {
      type: 'string',
      description: 'The answer; `[n]` markers cite the sources listed in `citations`',
    },
    citations: { type: 'array', items: embedCitation },
    provider: {
      ...nullableText,
      description: 'AI provider that wrote the answer; null when nothing relevant was found',
    },
    model: nullableText,
  },
})

/** A knowledge conversation (declared in services/conversation_resource.ts). */
export const conversation = conversationResource.schema

/** A page of conversations. */
export const conversationPage = pageOf('KnowledgeConversationPage', conversation)

/** A message of a conversation: the user's question or the assistant's cited answer. */
export const message = conversationMessageResource.schema

/** A page of messages. */
export const messagePage = pageOf('KnowledgeConversationMessagePage', message)

/** One exchange: the stored question and the stored answer. */
export const exchange = defineSchema('KnowledgeConversationExchange', {
  type: 'object',
  required: ['user_message', 'assistant_message', 'research_note_id'],
  properties: {
    user_message: message,
    assistant_message: message,
    research_note_id: nullableUuid,
  },
})

/** A chunk an answer of the conversation cited (services/conversation_reference_resource.ts). */
export const reference = conversationReferenceResource.schema

/** A page of references. */
export const referencePage = pageOf('KnowledgeConversationReferencePage', reference)

/** A research note: a saved answer (or your own text) with its sources. */
export const researchNote = researchNoteResource.schema

/** A page of research notes. */
export const researchNotePage = pageOf('KnowledgeResearchNotePage', researchNote)
