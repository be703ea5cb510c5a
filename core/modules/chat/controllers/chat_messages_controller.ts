import type { HttpContext } from '@adonisjs/core/http'
import {
  aiGateway,
  embedSession,
  idParam,
  keysetPage,
  streamResponse,
  wantsEventStream,
} from '#sdk'
import {
  chatPageValidator,
  embedMessageValidator,
  sendMessageValidator,
} from '../validators/chat_validator.js'
import { completeExchange, findSession, startExchange } from '../services/chat_service.js'
import { chatMessageResource } from '../services/chat_message_resource.js'

/**
 * Messages of a copilot session. Sending one stores the user's message, asks
 * the AI gateway with the session's history and stores the reply, as JSON or,
 * when the client accepts `text/event-stream`, as server-sent events. The
 * embed routes serve an end user's widget the same way (their own sessions
 * only, by row level security; the message only, no model choice).
 */
export default class ChatMessagesController {
  /** The session's exchanges, oldest first. */
  async index({ params, request }: HttpContext) {
    const session = await findSession(idParam(params, 'Chat session'))
    const query = await chatPageValidator.validate(request.qs())
    const builder = chatMessageResource.query().where('session_id', session.id)
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
    const session = await findSession(idParam(params, 'Chat session'))
    const input = embedSession()
      ? await request.validateUsing(embedMessageValidator)
      : await request.validateUsing(sendMessageValidator)
    const { message, request: aiRequest } = await startExchange(session.id, input)

    if (!wantsEventStream(ctx)) {
      const result = await aiGateway.generateText(aiRequest)
      response.status(201)
      return completeExchange(message.id, session.id, result)
    }

    const start = { message_id: message.id, session_id: session.id }
    await streamResponse(ctx, {
      status: 201,
      logMessage: 'chat stream failed',
      produce: async (stream) => {
        const result = await aiGateway.streamText(aiRequest, (text) => {
          if (!stream.opened) stream.send('start', start)
          stream.send('delta', { text })
        })
        const stored = await completeExchange(message.id, session.id, result)
        return {
          // A retry with the same Idempotency-Key gets the stored exchange as JSON.
          replay: stored,
          finish: () => {
            if (!stream.opened) stream.send('start', start)
            stream.send('done', { message_id: stored.id, message: stored, usage: result.usage })
          },
        }
      },
    })
  }
}
