/*
| HTTP kernel: the error handler, server middleware (every request) and router
| middleware (matched routes), plus the named middleware routes opt into.
*/
import router from '@adonisjs/core/services/router'
import server from '@adonisjs/core/services/server'

server.errorHandler(() => import('#core/exceptions/handler'))

server.use([
  () => import('#core/middleware/request_log_middleware'),
  () => import('#core/middleware/embed_assets_middleware'),
])

router.use([
  () => import('#core/middleware/request_body_guard_middleware'),
  () => import('@adonisjs/core/bodyparser_middleware'),
  () => import('#core/middleware/well_formed_text_middleware'),
])

/** Middleware that routes opt into. */
export const middleware = router.named({
  tenant: () => import('#core/middleware/tenant_middleware'),
  idempotency: () => import('#core/middleware/idempotency_middleware'),
  embedKey: () => import('#core/middleware/embed_key_middleware'),
  streamedUpload: () => import('#core/middleware/streamed_upload_middleware'),
})
