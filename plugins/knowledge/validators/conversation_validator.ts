import vine from '@vinejs/vine'
import { pageQuery } from '#sdk'
import { answerOptions, MAX_QUESTION_CHARACTERS } from './answer_validator.js'

const title = () => vine.string().trim().minLength(1).maxLength(200)
const bucketIds = () => vine.array(vine.string().uuid()).maxLength(50).distinct()

/** Body of POST /v1/knowledge/conversations. */
export const createConversationValidator = vine.create({
  title: title().optional(),
  /** Buckets the conversation searches by default (empty or absent: all of the workspace's). */
  bucket_ids: bucketIds().optional(),
  metadata: vine.record(vine.any()).optional(),
})

/** Body of PATCH /v1/knowledge/conversations/:id (only the fields sent change; null clears the title). */
export const updateConversationValidator = vine.create({
  title: title().nullable().optional(),
  bucket_ids: bucketIds().optional(),
  metadata: vine.record(vine.any()).optional(),
})

/** Body of POST /v1/knowledge/conversations/:id/messages: a question and the answer's options. */
export const sendConversationMessageValidator = vine.create({
  content: vine.string().trim().minLength(1).maxLength(MAX_QUESTION_CHARACTERS),
  ...answerOptions,
})

/** Query of the conversation lists (conversations, messages, references). */
export const conversationPageValidator = vine.create({ ...pageQuery })

/** Query of GET /v1/knowledge/conversations/:id/messages. */
export const listMessagesValidator = vine.create({
  ...pageQuery,
  role: vine.enum(['user', 'assistant'] as const).optional(),
})
