import vine from '@vinejs/vine'
import { pageQuery } from '#sdk'

const title = () => vine.string().trim().minLength(1).maxLength(200)
const tags = () => vine.array(vine.string().trim().minLength(1).maxLength(50)).maxLength(50)
const content = () => vine.string().trim().minLength(1).maxLength(100_000)

/** One hand-written source of a note. */
const sourceRef = vine.object({
  citation: vine.number().withoutDecimals().min(1).nullable().optional(),
  chunk_id: vine.string().uuid().nullable().optional(),
  document_id: vine.string().uuid().nullable().optional(),
  document_title: vine.string().trim().maxLength(500).nullable().optional(),
  snippet: vine.string().trim().maxLength(2000).nullable().optional(),
})

/**
 * Body of POST /v1/knowledge/research-notes: either `message_id` (an answer of
 * one of your conversations, saved with its sources) or `content` with
 * optional `source_refs`; not both.
 */
export const createNoteValidator = vine.create({
  message_id: vine.string().uuid().optional(),
  content: content().optional(),
  source_refs: vine.array(sourceRef).maxLength(50).optional(),
  title: title().optional(),
  tags: tags().optional(),
})

/** Body of PATCH /v1/knowledge/research-notes/:id (null clears the title). */
export const updateNoteValidator = vine.create({
  title: title().nullable().optional(),
  content: content().optional(),
  tags: tags().optional(),
})

/** Query of GET /v1/knowledge/research-notes. */
export const listNotesValidator = vine.create({
  ...pageQuery,
  conversation_id: vine.string().uuid().optional(),
  /** Notes carrying this tag. */
  tag: vine.string().trim().minLength(1).maxLength(50).optional(),
})
