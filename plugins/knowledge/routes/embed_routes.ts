import router from '@adonisjs/core/services/router'
import { embedAnswerValidator } from '../validators/embed_answer_validator.js'
import { embedAnswer } from '../openapi/conversation_schemas.js'
import { STREAM_EVENTS } from './conversation_routes.js'

const EmbedAnswersController = () => import('../controllers/knowledge_embed_answers_controller.js')

/**
 * The public route of `<aip-assistant>`. Declared `auth: 'embed'`: the core
 * puts the embed key middleware (origin, `knowledge:ask` capability, the key's
 * rate limit, `app_anon` in the key's workspace) in front of it.
 */
export default function registerEmbedRoutes() {
  router.post('/embed/knowledge/answers', [EmbedAnswersController, 'answer']).openapi({
    operationId: 'knowledge.embed_answers.create',
    summary: "Answer a visitor's question from the workspace's public knowledge buckets",
    description:
      'Needs an embed key with `knowledge:ask`, called from one of its allowed origins; rate limited by the key. ' +
      'Sources come only from buckets with `visibility: public`; private buckets are never searched. ' +
      'Nothing is stored: a follow-up sends the conversation so far as `history` (oldest first). ' +
      `Citations carry the document's \`source_url\` when it came from a web page. ${STREAM_EVENTS}`,
    tag: 'Knowledge',
    auth: 'embed',
    capability: 'knowledge:ask',
    body: embedAnswerValidator,
    responses: {
      200: {
        description: 'The answer (JSON), or server-sent events (text/event-stream)',
        schema: embedAnswer,
      },
      502: { description: 'The AI provider failed' },
    },
  })
}
