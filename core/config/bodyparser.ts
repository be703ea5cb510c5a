import { defineConfig } from '@adonisjs/core/bodyparser'
import { STREAMED_UPLOAD_PATTERNS } from '#core/http/streamed_upload_routes'

/**
 * Request body parsing. JSON only for the API; empty strings are kept as sent so
 * that validation reports them instead of silently turning them into null.
 */
const bodyParserConfig = defineConfig({
  allowedMethods: ['POST', 'PUT', 'PATCH', 'DELETE'],
  form: {
    convertEmptyStringsToNull: false,
    types: ['application/x-www-form-urlencoded'],
  },
  json: {
    convertEmptyStringsToNull: false,
    limit: '1mb',
    types: ['application/json', 'application/merge-patch+json', 'application/vnd.api+json'],
  },
  // Bodies taken whole as text (`request.raw()`): text (the default, so the
  // UTF-8 check still sees it) and inbound mail such as delivery status
  // notifications posted by a relay.
  raw: {
    limit: '2mb',
    types: ['text/*', 'message/rfc822', 'multipart/report'],
  },
  multipart: {
    autoProcess: true,
    convertEmptyStringsToNull: false,
    // Streamed uploads (routes declared with `upload`) are read by their own middleware.
    processManually: STREAMED_UPLOAD_PATTERNS,
    limit: '20mb',
    types: ['multipart/form-data'],
  },
})

export default bodyParserConfig
