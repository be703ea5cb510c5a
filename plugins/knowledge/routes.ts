import registerBucketRoutes from './routes/bucket_routes.js'
import registerDocumentRoutes from './routes/document_routes.js'
import registerSearchRoutes from './routes/search_routes.js'
import registerConversationRoutes from './routes/conversation_routes.js'
import registerEmbedRoutes from './routes/embed_routes.js'

/**
 * Registers the knowledge routes (mounted under /v1 behind the tenant and
 * idempotency middleware), one file per resource family.
 */
export default function registerKnowledgeRoutes() {
  registerBucketRoutes()
  registerDocumentRoutes()
  registerSearchRoutes()
  registerConversationRoutes()
  registerEmbedRoutes()
}
