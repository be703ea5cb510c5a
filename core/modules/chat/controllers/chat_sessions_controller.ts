import type { HttpContext } from '@adonisjs/core/http'
import { Problem, embedSession, keysetPage, tenant, rawQuery, idParam } from '#sdk'
import {
  chatPageValidator,
  createSessionValidator,
  updateSessionValidator,
} from '../validators/chat_validator.js'
import { findSession } from '../services/chat_service.js'
import { chatSessionResource } from '../services/chat_session_resource.js'

/**
 * The caller's copilot chat sessions (private to them, per workspace): a
 * member's, or on the embed routes an end user's (their verified session's;
 * row level security gives each only their own).
 */
export default class ChatSessionsController {
  /** Most recently active first. */
  async index({ request }: HttpContext) {
    const query = await chatPageValidator.validate(request.qs())
    return keysetPage(chatSessionResource.query(), {
      ...query,
      keys: [
        { column: 'updated_at', cast: 'timestamptz' },
        { column: 'id', cast: 'uuid' },
      ],
      direction: 'desc',
    })
  }

  async store({ request, response }: HttpContext) {
    const input = await request.validateUsing(createSessionValidator)
    const { trx, workspaceId, userId } = tenant()
    const endUserId = embedSession()?.endUserId ?? null
    const result = await rawQuery(
      trx,
      `insert into chat_sessions (workspace_id, user_id, end_user_id, title, metadata)
       values (?, ?, ?, ?, coalesce(?::jsonb, '{}'::jsonb)) returning ${chatSessionResource.sql()}`,
      [
        workspaceId,
        endUserId ? null : userId,
        endUserId,
        input.title ?? 'New chat',
        input.metadata ? JSON.stringify(input.metadata) : null,
      ]
    )
    response.status(201)
    return result.rows[0]
  }

  async show({ params }: HttpContext) {
    return findSession(idParam(params, 'Chat session'))
  }

  async update({ params, request }: HttpContext) {
    const id = idParam(params, 'Chat session')
    const input = await request.validateUsing(updateSessionValidator)
    const changes: Record<string, unknown> = {}
    if (input.title !== undefined) changes.title = input.title
    if (input.metadata !== undefined) changes.metadata = JSON.stringify(input.metadata)
    if (!Object.keys(changes).length) return findSession(id)
    const rows = await tenant()
      .trx.from('chat_sessions')
      .where('id', id)
      .update(changes)
      .returning([...chatSessionResource.columns])
    if (!rows[0]) throw Problem.notFound('Chat session')
    return rows[0]
  }

  /** Deletes the session with its messages (feedback keeps its data, unlinked). */
  async destroy({ params, response }: HttpContext) {
    const id = idParam(params, 'Chat session')
    const deleted = await tenant().trx.from('chat_sessions').where('id', id).delete()
    if (!deleted) throw Problem.notFound('Chat session')
    response.status(204)
  }
}
