import type { HttpContext } from '@adonisjs/core/http'
import { keysetPage } from '#core/http/pagination'
import { tenant } from '#core/tenancy/tenant_context'
import { EventStream, wantsEventStream } from '#core/http/event_stream'
import { commitNow } from '#core/database/commit_now'
import { storeIdempotentResponse } from '#core/middleware/idempotency_middleware'
import { aiGateway } from '#core/ai/ai_gateway'
import { chatPageValidator, sendMessageValidator } from '../validators/chat_validator.js'
import {
  completeExchange,
  findSession,
  MESSAGE_COLUMNS,
  startExchange,
} from '../services/chat_service.js'
import { validId } from './chat_sessions_controller.js'

/**
 * Messages of a copilot session. Sending one stores the user's message, asks
 * the AI gateway with the session's history and stores the reply, as JSON or,
 * when the client accepts `text/event-stream`, as server-sent events.
 */
export default class ChatMessagesController {
  /** The session's exchanges, oldest first. */
  async index({ params, request }: HttpContext) {
    const session = await findSession(await validId(params))
    const query = await chatPageValidator.validate(request.qs())
    const builder = tenant()
      .trx.from('chat_messages')
      .select(MESSAGE_COLUMNS)
      .where('session_id', session.id)
    return keysetPage(builder, {
      ...query,
      keys: [
        { column: 'chat_messages.timestamp', cast: 'timestamptz' },
        { column: 'id', cast: 'uuid' },
      ],
      direction: 'asc',
    })
  }

  async store(ctx: HttpContext) {
    const { params, request, response } = ctx
    const session = await findSession(await validId(params))
    const input = await request.validateUsing(sendMessageValidator)
    const { message, request: aiRequest } = await startExchange(session.id, input)

    if (!wantsEventStream(ctx)) {
      const result = await aiGateway.generateText(aiRequest)
      response.status(201)
      return completeExchange(message.id, session.id, result)
    }

    const stream = new EventStream(ctx)
    const start = { message_id: message.id, session_id: session.id }
    const { trx } = tenant()
    try {
      const result = await aiGateway.streamText(aiRequest, (text) => {
        if (!stream.opened) stream.send('start', start)
        stream.send('delta', { text })
      })
      const stored = await completeExchange(message.id, session.id, result)
      // A retry with the same Idempotency-Key gets the stored exchange as JSON.
      await storeIdempotentResponse(ctx, 201, stored)
      // Durable before it is announced: the final event names a committed row.
      await commitNow(trx)
      if (!stream.opened) stream.send('start', start)
      stream.send('done', { message_id: stored.id, message: stored, usage: result.usage })
      stream.end()
    } catch (error) {
      // Before any output the error is an ordinary problem response (and rolls back).
      if (!stream.opened) throw error
      await stream.fail(error, trx, 'chat stream failed')
    }
  }
}
