import type { HttpContext } from '@adonisjs/core/http'
import { Problem, keysetPage, tenant, idParam } from '#sdk'
import {
  conversationPageValidator,
  createConversationValidator,
  updateConversationValidator,
} from '../validators/conversation_validator.js'
import { createConversation, findConversation } from '../services/conversation_service.js'
import { assertBucketsExist } from '../services/bucket_service.js'
import { conversationResource } from '../services/conversation_resource.js'
import { conversationReferenceResource } from '../services/conversation_reference_resource.js'

/**
 * The caller's knowledge conversations: private to their user (another member
 * of the workspace gets 404), listed most recently active first. Deleting one
 * deletes its messages, references and the notes saved from it.
 */
export default class KnowledgeConversationsController {
  async index({ request }: HttpContext) {
    const query = await conversationPageValidator.validate(request.qs())
    const { trx, workspaceId, userId } = tenant()
    const builder = conversationResource
      .query(trx)
      .where({ workspace_id: workspaceId!, user_id: userId! })
    return keysetPage(builder, {
      ...query,
      keys: [
        { column: 'updated_at', cast: 'timestamptz' },
        { column: 'id', cast: 'uuid' },
      ],
      direction: 'desc',
    })
  }

  async store({ request, response }: HttpContext) {
    const input = await request.validateUsing(createConversationValidator)
    const conversation = await createConversation(input)
    response.status(201)
    return conversation
  }

  async show({ params }: HttpContext) {
    return findConversation(idParam(params, 'Conversation'))
  }

  async update({ params, request }: HttpContext) {
    const id = idParam(params, 'Conversation')
    const input = await request.validateUsing(updateConversationValidator)
    const conversation = await findConversation(id)
    if (input.bucket_ids !== undefined) await assertBucketsExist(input.bucket_ids)
    const changes = conversationResource.values(input, 'update')
    if (!Object.keys(changes).length) return conversation
    const { trx, workspaceId, userId } = tenant()
    const [updated] = await trx
      .from('conversations')
      .where({ id, workspace_id: workspaceId!, user_id: userId! })
      .update(changes)
      .returning([...conversationResource.columns])
    return updated
  }

  async destroy({ params, response }: HttpContext) {
    const id = idParam(params, 'Conversation')
    const { trx, workspaceId, userId } = tenant()
    const deleted = await trx
      .from('conversations')
      .where({ id, workspace_id: workspaceId!, user_id: userId! })
      .delete()
    if (!Number(deleted)) throw Problem.notFound('Conversation')
    response.status(204)
  }

  /** The chunks the conversation's answers cited, oldest first, with their document titles. */
  async references({ params, request }: HttpContext) {
    const conversation = await findConversation(idParam(params, 'Conversation'))
    const query = await conversationPageValidator.validate(request.qs())
    const { trx, workspaceId } = tenant()
    const builder = conversationReferenceResource
      .query(trx, 'r')
      .leftJoin('knowledge_documents as d', (join) => {
        join.on('d.id', 'r.document_id').andOn('d.workspace_id', 'r.workspace_id')
      })
      .where('r.workspace_id', workspaceId!)
      .where('r.conversation_id', conversation.id)
    return keysetPage(builder, {
      ...query,
      keys: [
        { column: 'r.created_at', cast: 'timestamptz' },
        { column: 'r.citation_number', cast: 'bigint' },
        { column: 'r.id', cast: 'uuid' },
      ],
      direction: 'asc',
    })
  }
}
