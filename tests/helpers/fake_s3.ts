import { createServer, type IncomingMessage, type Server } from 'node:http'
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'

/** A stored object of the fake bucket. */
interface StoredObject {
  body: Buffer
  contentType: string
  /** The request's Content-Length header (undefined when the body was sent chunked). */
  contentLength: string | undefined
  modified: Date
}

const escapeXml = (value: string) =>
  value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')

async function readBody(request: IncomingMessage) {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/**
 * A loopback server speaking the subset of the S3 REST protocol that the
 * flydrive S3 driver uses (path-style PutObject, GetObject, HeadObject,
 * DeleteObject, ListObjectsV2 with continuation tokens), so the storage
 * service can be tested against the S3 wire format with no network. Pages of
 * listings hold `pageSize` keys to exercise pagination. Requests without an
 * AWS Signature V4 for the expected access key are refused with 403.
 */
export class FakeS3 {
  readonly objects = new Map<string, StoredObject>()
  readonly requests: { method: string; path: string }[] = []
  #server?: Server

  constructor(
    readonly bucket: string,
    readonly accessKeyId: string,
    readonly pageSize = 2
  ) {}

  async start() {
    this.#server = createServer(async (request, response) => {
      const url = new URL(request.url!, 'http://fake')
      this.requests.push({ method: request.method!, path: url.pathname })
      const auth = String(request.headers.authorization ?? '')
      if (!auth.startsWith(`AWS4-HMAC-SHA256 Credential=${this.accessKeyId}/`)) {
        response.writeHead(403, { 'content-type': 'application/xml' })
        response.end('<Error><Code>AccessDenied</Code><Message>bad signature</Message></Error>')
        return
      }
      const [, bucket, ...rest] = url.pathname.split('/')
      const key = rest.map(decodeURIComponent).join('/')
      if (bucket !== this.bucket) {
        response.writeHead(404, { 'content-type': 'application/xml' })
        response.end('<Error><Code>NoSuchBucket</Code><Message>no bucket</Message></Error>')
        return
      }
      const body = await readBody(request)
      if (request.method === 'GET' && !key && url.searchParams.get('list-type') === '2') {
        response.writeHead(200, { 'content-type': 'application/xml' })
        response.end(this.#list(url.searchParams))
        return
      }
      const object = this.objects.get(key)
      switch (request.method) {
        case 'PUT':
          this.objects.set(key, {
            body,
            contentType: String(request.headers['content-type'] ?? 'application/octet-stream'),
            contentLength: request.headers['content-length'],
            modified: new Date(),
          })
          response.writeHead(200, { etag: `"${body.length}"` })
          response.end()
          return
        case 'DELETE':
          this.objects.delete(key)
          response.writeHead(204)
          response.end()
          return
        case 'HEAD':
        case 'GET':
          if (!object) {
            response.writeHead(404, { 'content-type': 'application/xml' })
            response.end(
              request.method === 'GET'
                ? '<Error><Code>NoSuchKey</Code><Message>no such key</Message></Error>'
                : undefined
            )
            return
          }
          response.writeHead(200, {
            'content-type': object.contentType,
            'content-length': String(object.body.length),
            'etag': `"${object.body.length}"`,
            'last-modified': object.modified.toUTCString(),
          })
          response.end(request.method === 'GET' ? object.body : undefined)
          return
        default:
          response.writeHead(405)
          response.end()
      }
    })
    this.#server.listen(0, '127.0.0.1')
    await once(this.#server, 'listening')
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`
  }

  async stop() {
    this.#server?.close()
    if (this.#server) await once(this.#server, 'close')
  }

  #list(query: URLSearchParams) {
    const prefix = query.get('prefix') ?? ''
    const delimiter = query.get('delimiter') ?? ''
    const start = Number(query.get('continuation-token') ?? 0)
    const keys = [...this.objects.keys()].filter((key) => key.startsWith(prefix)).sort()
    const files: string[] = []
    const folders = new Set<string>()
    for (const key of keys) {
      const rest = key.slice(prefix.length)
      if (delimiter && rest.includes(delimiter)) {
        folders.add(prefix + rest.slice(0, rest.indexOf(delimiter) + 1))
      } else {
        files.push(key)
      }
    }
    const page = files.slice(start, start + this.pageSize)
    const truncated = start + this.pageSize < files.length
    return [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<ListBucketResult>',
      `<Name>${this.bucket}</Name><Prefix>${escapeXml(prefix)}</Prefix>`,
      `<KeyCount>${page.length}</KeyCount><MaxKeys>${this.pageSize}</MaxKeys>`,
      `<IsTruncated>${truncated}</IsTruncated>`,
      truncated ? `<NextContinuationToken>${start + this.pageSize}</NextContinuationToken>` : '',
      ...page.map((key) => {
        const object = this.objects.get(key)!
        return `<Contents><Key>${escapeXml(key)}</Key><LastModified>${object.modified.toISOString()}</LastModified><ETag>"${object.body.length}"</ETag><Size>${object.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`
      }),
      ...[...folders].map(
        (folder) => `<CommonPrefixes><Prefix>${escapeXml(folder)}</Prefix></CommonPrefixes>`
      ),
      '</ListBucketResult>',
    ].join('')
  }
}
