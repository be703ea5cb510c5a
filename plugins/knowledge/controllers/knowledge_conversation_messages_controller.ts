import { randomUUID } from 'node:crypto'
import type { HttpContext } from '@adonisjs/core/http'
import { keysetPage, tenant, idParam } from '#sdk'
import {
  listMessagesValidator,
  sendConversationMessageValidator,
} from '../validators/conversation_validator.js'
import {
  addAssistantMessage,
  addUserMessage,
  conversationHistory,
  embedQuestion,
  findConversation,
} from '../services/conversation_service.js'
import { assertBucketsExist } from '../services/bucket_service.js'
import { answerRequestOf, retrieveSources, type Answer } from '../services/answer_service.js'
import { createNote, noteTitle, sourceRefsOf } from '../services/research_note_service.js'
import { respondWithAnswer } from '../services/answer_event_stream.js'
import { conversationMessageResource } from '../services/conversation_message_resource.js'

/**
 * Messages of a knowledge conversation. Sending one embeds the question,
 * retrieves sources (the conversation's buckets unless the message names
 * others), answers with the conversation's history (a remote model with no
 * transaction open), then stores the question and the cited answer with its
 * knowledge references together, as JSON or streamed.
 */
export default class KnowledgeConversationMessagesController {
  /** The conversation's messages, oldest first. */
  async index({ params, request }: HttpContext) {
    const conversation = await findConversation(idParam(params, 'Conversation'))
    const query = await listMessagesValidator.validate(request.qs())
    const { trx, workspaceId } = tenant()
    const builder = conversationMessageResource
      .query(trx)
      .where({ workspace_id: workspaceId!, conversation_id: conversation.id })
    if (query.role) builder.where('role', query.role)
    return keysetPage(builder, {
      limit: query.limit,
      cursor: query.cursor,
      keys: [
        { column: 'conversation_messages.timestamp', cast: 'timestamptz' },
        { column: 'conversation_messages.id', cast: 'uuid' },
      ],
      direction: 'asc',
    })
  }

  async store(ctx: HttpContext) {
    const { params, request } = ctx
    const conversation = await findConversation(idParam(params, 'Conversation'))
    const input = await request.validateUsing(sendConversationMessageValidator)
    await assertBucketsExist(input.bucket_ids)
    const history = await conversationHistory(conversation.id)
    const embedding = await embedQuestion(input.content)
    const userMessageId = randomUUID()
    const answerRequest = {
      ...answerRequestOf(input.content, input, 'knowledge.conversation'),
      bucketIds: input.bucket_ids ?? conversation.bucket_ids,
      history,
      questionEmbedding: embedding,
    }
    const sources = await retrieveSources(answerRequest)

    const store = async (answer: Answer) => {
      const userMessage = await addUserMessage(
        conversation.id,
        userMessageId,
        input.content,
        embedding
      )
      const assistant = await addAssistantMessage(conversation, input.content, answer)
      // The answer is at hand: saved as is, no need to read the message back.
      const note = input.save_note
        ? await createNote({
            conversationId: conversation.id,
            messageId: assistant.id,
            title: noteTitle(input.content),
            content: answer.text,
            sourceRefs: sourceRefsOf(answer.citations),
          })
        : null
      return {
        user_message: userMessage,
        assistant_message: assistant,
        research_note_id: note?.id ?? null,
      }
    }

    return respondWithAnswer(ctx, {
      request: answerRequest,
      sources,
      start: {
        conversation_id: conversation.id,
        user_message_id: userMessageId,
        search_id: sources.searchId,
      },
      store,
      status: 201,
    })
  }
}
