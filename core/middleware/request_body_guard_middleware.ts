import contentType from 'content-type'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import bodyParserConfig from '#config/bodyparser'
import httpLimits from '#config/http_limits'
import { Problem } from '#core/http/problem'
import { BodyTextInspector, type BodyTextViolation } from '#core/http/body_text_inspector'

/** Charsets a text body may declare: UTF-8 and its ASCII subset. */
const ACCEPTED_CHARSETS = new Set(['utf-8', 'utf8', 'us-ascii', 'ascii'])

/** Body types the body parser reads as JSON (nesting is checked on them). */
const JSON_TYPES = new Set(bodyParserConfig.json.types)

/** Body types the body parser reads and decodes as text: JSON, forms and raw `text/*`. */
function isParsedText(type: string) {
  return (
    JSON_TYPES.has(type) || bodyParserConfig.form.types.includes(type) || type.startsWith('text/')
  )
}

/**
 * Guards request bodies before the body parser reads them: a compressed body
 * (Content-Encoding) or a text body in a charset other than UTF-8 answers 415;
 * a text body that is not valid UTF-8, or JSON nested deeper than
 * HTTP_JSON_MAX_DEPTH, answers 400 while it streams in, so nothing is stored
 * with replacement characters and no parser recurses into a hostile body.
 */
export default class RequestBodyGuardMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    if (!ctx.request.hasBody()) return next()
    const encoding = (ctx.request.header('content-encoding') ?? 'identity').trim().toLowerCase()
    if (encoding !== 'identity') {
      throw new Problem(
        415,
        'unsupported-media-type',
        'Unsupported Media Type',
        'Request bodies must not be compressed (Content-Encoding is not supported)',
        { headers: { 'Accept-Encoding': 'identity' } }
      )
    }
    const header = ctx.request.header('content-type')
    if (!header) return next()
    let parsed: contentType.ContentType
    try {
      parsed = contentType.parse(header)
    } catch {
      throw Problem.badRequest('The Content-Type header is malformed')
    }
    if (!isParsedText(parsed.type)) return next()
    const charset = parsed.parameters.charset?.toLowerCase()
    if (charset !== undefined && !ACCEPTED_CHARSETS.has(charset)) {
      throw new Problem(
        415,
        'unsupported-media-type',
        'Unsupported Media Type',
        `Request bodies must be UTF-8; charset=${charset.slice(0, 40)} is not supported`
      )
    }
    if (bodyParserConfig.allowedMethods.includes(ctx.request.method())) {
      inspectWhileReading(ctx, JSON_TYPES.has(parsed.type) ? httpLimits.jsonMaxDepth : Infinity)
    }
    return next()
  }
}

/**
 * Watches the body as the body parser reads it (listeners placed first, so
 * each chunk is seen before it is decoded) and fails the read with a 400
 * problem on the first violation.
 */
function inspectWhileReading(ctx: HttpContext, maxDepth: number) {
  const request = ctx.request.request
  const inspector = new BodyTextInspector(maxDepth)
  const onData = (chunk: Buffer) => fail(inspector.write(chunk))
  const onEnd = () => fail(inspector.end())
  const fail = (violation: BodyTextViolation | undefined) => {
    if (!violation) return
    request.off('data', onData)
    request.off('end', onEnd)
    // The body parser's error listener turns this into its failure; without a
    // reader (a body drained after the response) there is nothing to fail.
    if (request.listenerCount('error') > 0) {
      request.emit('error', violationProblem(violation, maxDepth))
    }
  }
  request.prependListener('data', onData)
  request.prependListener('end', onEnd)
  request.once('end', () => request.off('data', onData))
}

/** The 400 problem for a violation. */
function violationProblem(violation: BodyTextViolation, maxDepth: number) {
  return violation === 'invalid-utf8'
    ? Problem.badRequest('The request body is not valid UTF-8 text')
    : Problem.badRequest(
        `The JSON body nests objects and arrays deeper than the limit of ${maxDepth} levels`
      )
}
