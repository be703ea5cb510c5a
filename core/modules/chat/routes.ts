import router from '@adonisjs/core/services/router'
import { uuidParams } from '#sdk'
import { chatSchemas } from './openapi/chat_schemas.js'
import {
  chatPageValidator,
  createSessionValidator,
  embedMessageValidator,
  feedbackQueryValidator,
  feedbackValidator,
  sendMessageValidator,
  updateSessionValidator,
} from './validators/chat_validator.js'

const SessionsController = () => import('./controllers/chat_sessions_controller.js')
const MessagesController = () => import('./controllers/chat_messages_controller.js')
const FeedbackController = () => import('./controllers/chat_feedback_controller.js')

const idParams = uuidParams()

/**
 * Copilot chat: sessions, messages (JSON or server-sent events), feedback and
 * learning; and the same chat for a host's signed-in end user through an embed
 * session (`/embed/chat/...`, session scope `chat`).
 */
export default function registerChatRoutes() {
  router.group(() => {
    router.get('/chat/sessions', [SessionsController, 'index']).openapi({
      operationId: 'core.chat_sessions.list',
      summary: 'Your chat sessions in this workspace, most recently active first',
      tag: 'Copilot chat',
      scope: 'chat:read',
      query: chatPageValidator,
      responses: { 200: { description: 'A page of sessions', schema: chatSchemas.sessionPage } },
    })
    router.post('/chat/sessions', [SessionsController, 'store']).openapi({
      operationId: 'core.chat_sessions.create',
      summary: 'Start a chat session',
      tag: 'Copilot chat',
      scope: 'chat:write',
      body: createSessionValidator,
      responses: { 201: { description: 'Created', schema: chatSchemas.ChatSession } },
    })
    router.get('/chat/sessions/:id', [SessionsController, 'show']).openapi({
      operationId: 'core.chat_sessions.show',
      summary: 'One of your chat sessions',
      tag: 'Copilot chat',
      scope: 'chat:read',
      params: idParams,
      responses: { 200: { description: 'The session', schema: chatSchemas.ChatSession } },
    })
    router.patch('/chat/sessions/:id', [SessionsController, 'update']).openapi({
      operationId: 'core.chat_sessions.update',
      summary: 'Rename a session or replace its metadata',
      tag: 'Copilot chat',
      scope: 'chat:write',
      params: idParams,
      body: updateSessionValidator,
      responses: { 200: { description: 'Updated', schema: chatSchemas.ChatSession } },
    })
    router.delete('/chat/sessions/:id', [SessionsController, 'destroy']).openapi({
      operationId: 'core.chat_sessions.delete',
      summary: 'Delete a session and its messages',
      tag: 'Copilot chat',
      scope: 'chat:write',
      params: idParams,
      responses: { 204: { description: 'Deleted' } },
    })
    router.get('/chat/sessions/:id/messages', [MessagesController, 'index']).openapi({
      operationId: 'core.chat_messages.list',
      summary: 'Exchanges of a session, oldest first',
      tag: 'Copilot chat',
      scope: 'chat:read',
      params: idParams,
      query: chatPageValidator,
      responses: { 200: { description: 'A page of messages', schema: chatSchemas.messagePage } },
    })
    router.post('/chat/sessions/:id/messages', [MessagesController, 'store']).openapi({
      operationId: 'core.chat_messages.create',
      summary: 'Send a message; the copilot answers (JSON, or streamed with server-sent events)',
      description:
        'With `Accept: text/event-stream` the reply streams as server-sent events: `start` (`message_id`, `session_id`), `delta` (`text`) for each piece, then `done` (`message_id`, the stored `message`, `usage`) once the exchange is committed, or `error` (a problem object) if generation fails mid-stream (nothing is stored then). Errors before the first event are ordinary problem+json responses.',
      tag: 'Copilot chat',
      scope: 'chat:write',
      params: idParams,
      body: sendMessageValidator,
      responses: {
        201: { description: 'The stored exchange (JSON mode)', schema: chatSchemas.ChatMessage },
        200: { description: 'Server-sent events (text/event-stream)' },
        502: { description: 'The AI provider failed' },
      },
    })
    router.post('/chat/feedback', [FeedbackController, 'store']).openapi({
      operationId: 'core.chat_feedback.create',
      summary: 'Give feedback on an AI suggestion (edit, approve, regenerate, reject; 1-5)',
      tag: 'Copilot chat',
      scope: 'chat:write',
      body: feedbackValidator,
      responses: { 201: { description: 'Recorded', schema: chatSchemas.AiFeedback } },
    })
    router.get('/chat/feedback', [FeedbackController, 'index']).openapi({
      operationId: 'core.chat_feedback.list',
      summary: 'Your feedback, newest first',
      tag: 'Copilot chat',
      scope: 'chat:read',
      query: feedbackQueryValidator,
      responses: { 200: { description: 'A page of feedback', schema: chatSchemas.feedbackPage } },
    })
    router.get('/chat/learning', [FeedbackController, 'learning']).openapi({
      operationId: 'core.chat_learning.list',
      summary: 'What the copilot learned per agent from the workspace feedback (admins)',
      tag: 'Copilot chat',
      scope: 'chat:read',
      query: chatPageValidator,
      responses: {
        200: { description: 'A page of agent summaries', schema: chatSchemas.learningPage },
        403: { description: 'Not an admin' },
      },
    })
    router.post('/chat/learning/aggregate', [FeedbackController, 'aggregate']).openapi({
      operationId: 'core.chat_learning.aggregate',
      summary: 'Recompute the learning summaries of this workspace now (admins)',
      tag: 'Copilot chat',
      scope: 'chat:write',
      responses: {
        202: { description: 'Queued', schema: chatSchemas.queued },
        403: { description: 'Not an admin' },
      },
    })
  })

  const embedChat = {
    tag: 'Copilot chat',
    auth: 'embed' as const,
    session: 'required' as const,
    sessionScope: 'chat',
  }
  router.get('/embed/chat/sessions', [SessionsController, 'index']).openapi({
    ...embedChat,
    operationId: 'core.embed_chat_sessions.list',
    summary: "The session end user's chat sessions, most recently active first (widget)",
    query: chatPageValidator,
    responses: { 200: { description: 'A page of sessions', schema: chatSchemas.sessionPage } },
  })
  router.post('/embed/chat/sessions', [SessionsController, 'store']).openapi({
    ...embedChat,
    operationId: 'core.embed_chat_sessions.create',
    summary: 'Start a chat session for the session end user (widget)',
    body: createSessionValidator,
    responses: { 201: { description: 'Created', schema: chatSchemas.ChatSession } },
  })
  router.get('/embed/chat/sessions/:id/messages', [MessagesController, 'index']).openapi({
    ...embedChat,
    operationId: 'core.embed_chat_messages.list',
    summary: "Exchanges of one of the end user's sessions, oldest first (widget)",
    params: idParams,
    query: chatPageValidator,
    responses: { 200: { description: 'A page of messages', schema: chatSchemas.messagePage } },
  })
  router.post('/embed/chat/sessions/:id/messages', [MessagesController, 'store']).openapi({
    ...embedChat,
    operationId: 'core.embed_chat_messages.create',
    summary: 'Send a message as the end user; the copilot answers (JSON, or server-sent events)',
    description:
      'Same answer as POST /v1/chat/sessions/{id}/messages: with `Accept: text/event-stream`, `start`, `delta` events, then `done` (or `error`). The workspace default model answers.',
    params: idParams,
    body: embedMessageValidator,
    responses: {
      201: { description: 'The stored exchange (JSON mode)', schema: chatSchemas.ChatMessage },
      200: { description: 'Server-sent events (text/event-stream)' },
      502: { description: 'The AI provider failed' },
    },
  })
}
