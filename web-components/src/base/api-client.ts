import type { paths } from '../api/schema.js'

/** An RFC 9457 problem as the platform sends it (422s carry per-field `errors`). */
export interface Problem {
  type: string
  title: string
  status: number
  detail?: string
  errors?: { field: string; message: string; rule: string }[]
}

type Method = 'get' | 'post'
/** Paths of the API that have an operation for `M`. */
type PathsWith<M extends Method> = {
  [P in keyof paths]: paths[P][M] extends { responses: unknown } ? P : never
}[keyof paths]
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>
/** JSON body of the operation (never when it takes none). */
export type RequestBody<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { requestBody: { content: { 'application/json': infer B } } } ? B : never
/** JSON of the operation's 2xx responses. */
export type SuccessBody<P extends keyof paths, M extends Method> = {
  [S in keyof Operation<P, M>['responses']]: S extends 200 | 201 | 202
    ? Operation<P, M>['responses'][S] extends { content: { 'application/json': infer R } }
      ? R
      : never
    : never
}[keyof Operation<P, M>['responses']]

/** The outcome of a call: data on 2xx, the problem otherwise (status 0: network). */
export type ApiResult<T> =
  { ok: true; status: number; data: T } | { ok: false; status: number; problem: Problem | null }

/**
 * A small fetch wrapper typed by the generated OpenAPI types
 * (`src/api/schema.d.ts`): paths, request bodies and responses are checked at
 * compile time. Sends the publishable key in `?key=` so CORS preflights carry
 * it; never sends cookies.
 */
export interface EmbedClient {
  get<P extends PathsWith<'get'>>(path: P): Promise<ApiResult<SuccessBody<P, 'get'>>>
  post<P extends PathsWith<'post'>>(
    path: P,
    body: RequestBody<P, 'post'>
  ): Promise<ApiResult<SuccessBody<P, 'post'>>>
}

/** Creates a client for one platform origin and publishable key. */
export function createEmbedClient(options: {
  baseUrl: string
  key: string
  locale?: string
}): EmbedClient {
  async function call(method: string, path: string, body?: unknown) {
    const url = new URL(path, options.baseUrl)
    url.searchParams.set('key', options.key)
    let response: Response
    try {
      response = await fetch(url, {
        method,
        credentials: 'omit',
        headers: {
          Accept: 'application/json',
          ...(options.locale ? { 'Accept-Language': options.locale } : {}),
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
    } catch {
      return { ok: false as const, status: 0, problem: null }
    }
    const payload = await response.json().catch(() => null)
    return response.ok
      ? { ok: true as const, status: response.status, data: payload }
      : { ok: false as const, status: response.status, problem: payload as Problem | null }
  }
  return {
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
  }
}
