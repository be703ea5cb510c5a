import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { Problem } from '#core/http/problem'
import { receiveUpload, type UploadSpec } from '#core/http/streamed_upload'

/**
 * Reads a streamed multipart upload (see `receiveUpload`) before the tenant
 * transaction opens, so a slow client never holds a database transaction
 * while its bytes arrive; the temporary file is removed when the request
 * ends. The route policy mounts it on routes declared with `upload`. A
 * request without a bearer credential is refused before any byte is read.
 */
export default class StreamedUploadMiddleware {
  async handle(ctx: HttpContext, next: NextFn, spec: UploadSpec) {
    if (!/^Bearer\s+\S+$/i.test(ctx.request.header('authorization') ?? '')) {
      throw Problem.unauthorized()
    }
    const cleanup = await receiveUpload(ctx, spec)
    try {
      return await next()
    } finally {
      await cleanup()
    }
  }
}
