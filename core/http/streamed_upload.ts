import { createHash, randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { unlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { HttpContext } from '@adonisjs/core/http'
import type { VineValidator } from '@vinejs/vine'
import { Problem } from '#core/http/problem'
import { releaseStreamedBytes } from '#core/runtime/stream_buffers'

/**
 * How a route takes a streamed multipart upload, declared in its
 * `.openapi({ upload })`: the route policy then reads the body with the
 * streamed upload middleware before the tenant transaction opens, and the
 * OpenAPI document describes a `multipart/form-data` request body.
 */
export interface UploadSpec {
  /** Multipart field that carries the file. */
  field: string
  /** Largest file accepted, in bytes; a function is read per request. */
  maxBytes: number | (() => number)
  /** The other form fields (validated by the controller, documented in OpenAPI). */
  fields?: VineValidator<any, any>
}

/** A file received by the streamed upload middleware, waiting in a temporary file. */
export interface ReceivedUpload {
  /** The file name the client sent (untrusted: never a path). */
  clientName: string
  /** Bytes received. */
  size: number
  /** Temporary file holding the bytes; removed when the request ends. */
  tmpPath: string
  /** The first bytes (up to 4,100), enough to detect the type from the content. */
  head: Buffer
  /** SHA-256 of the bytes, hex. */
  sha256: string
}

/** Bytes kept from the start of a file for type detection (what `file-type` reads). */
const HEAD_BYTES = 4100

const received = new WeakMap<object, ReceivedUpload>()

/** A byte limit as people read it: `10 MB` when it is a whole number of MiB. */
function limitText(bytes: number) {
  const mb = bytes / (1024 * 1024)
  return Number.isInteger(mb) ? `${mb} MB` : `${bytes} bytes`
}

/** 413: the uploaded file is larger than `limitBytes`. */
export function payloadTooLarge(limitBytes: number) {
  return new Problem(
    413,
    'payload-too-large',
    'Payload Too Large',
    `The file is larger than the limit of ${limitText(limitBytes)}`
  )
}

/**
 * Counts the bytes, hashes them, keeps the head and stops past the limit; the
 * request's chunks are reported to releaseStreamedBytes so they do not pile up.
 */
class UploadMeter extends Transform {
  size = 0
  readonly hash = createHash('sha256')
  private headChunks: Buffer[] = []
  private headSize = 0

  constructor(private maxBytes: number) {
    super()
  }

  get head() {
    return Buffer.concat(this.headChunks)
  }

  _transform(chunk: Buffer, _encoding: string, callback: (error?: Error | null) => void) {
    this.size += chunk.length
    if (this.size > this.maxBytes) return callback(payloadTooLarge(this.maxBytes))
    if (this.headSize < HEAD_BYTES) {
      const piece = chunk.subarray(0, HEAD_BYTES - this.headSize)
      this.headChunks.push(Buffer.from(piece))
      this.headSize += piece.length
    }
    this.hash.update(chunk)
    releaseStreamedBytes(chunk.length)
    this.push(chunk)
    callback()
  }
}

/**
 * Reads the multipart body of the request as it streams in: the file of
 * `spec.field` goes through a meter (size limit, SHA-256, head) into a
 * temporary file, so memory stays flat whatever the file's size; other
 * files are skipped and form fields become the request body. Called by the
 * streamed upload middleware; the controller reads the result with
 * streamUpload(). Returns a function that removes the temporary file.
 */
export async function receiveUpload(ctx: HttpContext, spec: UploadSpec) {
  const multipart = ctx.request.multipart
  if (!multipart || !ctx.request.is(['multipart/form-data'])) {
    throw Problem.invalidField(
      spec.field,
      `Send multipart/form-data with the file in the field "${spec.field}"`,
      'required'
    )
  }
  const maxBytes = typeof spec.maxBytes === 'function' ? spec.maxBytes() : spec.maxBytes
  let tmpPath: string | undefined
  let failure: unknown
  multipart.onFile(spec.field, {}, async (part) => {
    if (tmpPath) {
      part.resume()
      failure = Problem.invalidField(spec.field, 'Send one file only', 'single')
      multipart.abort(failure)
      return {}
    }
    const path = join(tmpdir(), `aip-upload-${randomUUID()}`)
    tmpPath = path
    const meter = new UploadMeter(maxBytes)
    try {
      await pipeline(part, meter, createWriteStream(path))
    } catch (error) {
      failure = error instanceof Problem ? error : Problem.badRequest('The upload was interrupted')
      part.resume()
      multipart.abort(failure)
      return {}
    }
    received.set(ctx.request, {
      clientName: (part.filename ?? 'upload').slice(0, 255),
      size: meter.size,
      tmpPath: path,
      head: meter.head,
      sha256: meter.hash.digest('hex'),
    })
    return {}
  })
  const cleanup = async () => {
    if (tmpPath) await unlink(tmpPath).catch(() => {})
  }
  try {
    await multipart.process()
  } catch (error) {
    await cleanup()
    if (failure) throw failure
    const status = (error as { status?: number }).status
    if (status === 413)
      throw new Problem(
        413,
        'payload-too-large',
        'Payload Too Large',
        'The form fields are too large'
      )
    throw Problem.badRequest('The multipart body cannot be read')
  }
  if (failure) {
    await cleanup()
    throw failure
  }
  // The body names the file by its digest, so an Idempotency-Key retry with
  // another file is told apart from a replay of the same upload.
  const upload = received.get(ctx.request)
  if (upload) {
    ctx.request.updateBody({
      ...ctx.request.body(),
      [spec.field]: { name: upload.clientName, size: upload.size, sha256: upload.sha256 },
    })
  }
  return cleanup
}

/**
 * The one way for a controller to take a streamed multipart upload: the file
 * that the streamed upload middleware received for this route (declared with
 * `.openapi({ upload })`). A request without the file answers 422.
 */
export function streamUpload(ctx: HttpContext, field = 'file'): ReceivedUpload {
  const upload = received.get(ctx.request)
  if (!upload) {
    throw Problem.invalidField(
      field,
      `Attach the file as the multipart field "${field}"`,
      'required'
    )
  }
  return upload
}
