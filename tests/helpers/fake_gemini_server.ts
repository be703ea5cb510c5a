import {
  FakeProviderServer,
  defaultScript,
  deltas,
  fakeVector,
  sendJson,
  sendSse,
} from '#tests/helpers/fake_http_server'
import type { FakeScript, ReceivedRequest } from '#tests/helpers/fake_http_server'
import type { ServerResponse } from 'node:http'

/**
 * A loopback fake of the Gemini API (Google Generative Language) under
 * `/v1beta`, speaking its wire format: `models/{model}:generateContent`,
 * `:streamGenerateContent?alt=sse`, `:embedContent`, `:batchEmbedContents` and
 * the paginated models list. Requests need `x-goog-api-key: <apiKey>` (or
 * `?key=`), else 400 API_KEY_INVALID as Google answers.
 */
export class FakeGeminiServer extends FakeProviderServer {
  script: FakeScript = defaultScript('google')
  models: Array<{ name: string; methods: string[] }> = [
    { name: 'gemini-2.5-pro', methods: ['generateContent', 'countTokens'] },
    { name: 'gemini-2.5-flash', methods: ['generateContent', 'countTokens'] },
    { name: 'gemini-3-pro-preview', methods: ['generateContent'] },
    { name: 'gemini-embedding-001', methods: ['embedContent'] },
  ]
  /** Models listed per page (the list is paginated with pageToken). */
  pageSize = 2

  constructor(apiKey: string) {
    super(apiKey, '/v1beta')
  }

  #error(res: ServerResponse, code: number, status: string, message: string) {
    sendJson(res, code, { error: { code, message, status } })
  }

  protected async handle(req: ReceivedRequest, res: ServerResponse) {
    const key = req.headers['x-goog-api-key'] ?? req.query.get('key')
    if (key !== this.apiKey) {
      return this.#error(
        res,
        400,
        'INVALID_ARGUMENT',
        'API key not valid. Please pass a valid API key.'
      )
    }
    if (this.script.failStatus)
      return this.#error(res, this.script.failStatus, 'UNAVAILABLE', 'The model is overloaded.')
    const { text, inputTokens, outputTokens } = this.script
    const action = /^\/v1beta\/models\/([^:/]+):(\w+)$/.exec(req.path)
    const usageMetadata = {
      promptTokenCount: inputTokens,
      candidatesTokenCount: outputTokens,
      totalTokenCount: inputTokens + outputTokens,
    }
    if (req.method === 'POST' && action?.[2] === 'generateContent') {
      return sendJson(res, 200, {
        candidates: [
          { content: { parts: [{ text }], role: 'model' }, finishReason: 'STOP', index: 0 },
        ],
        usageMetadata,
        modelVersion: action[1],
        responseId: 'fake',
      })
    }
    if (req.method === 'POST' && action?.[2] === 'streamGenerateContent') {
      if (req.query.get('alt') !== 'sse')
        return this.#error(res, 400, 'INVALID_ARGUMENT', 'alt=sse expected by this fake')
      const pieces = deltas(text)
      return sendSse(
        res,
        pieces.map((piece, index) => {
          const last = index === pieces.length - 1
          return [
            null,
            {
              candidates: [
                {
                  content: { parts: [{ text: piece }], role: 'model' },
                  ...(last ? { finishReason: 'STOP' } : {}),
                  index: 0,
                },
              ],
              usageMetadata: last
                ? usageMetadata
                : { promptTokenCount: inputTokens, totalTokenCount: inputTokens },
              modelVersion: action[1],
            },
          ]
        })
      )
    }
    if (req.method === 'POST' && action?.[2] === 'embedContent') {
      const textOf = (request: any) =>
        (request.content?.parts ?? []).map((p: any) => p.text).join('')
      return sendJson(res, 200, {
        embedding: { values: fakeVector(textOf(req.body), req.body.outputDimensionality ?? 8) },
      })
    }
    if (req.method === 'POST' && action?.[2] === 'batchEmbedContents') {
      return sendJson(res, 200, {
        embeddings: req.body.requests.map((request: any) => ({
          values: fakeVector(
            (request.content?.parts ?? []).map((p: any) => p.text).join(''),
            request.outputDimensionality ?? 8
          ),
        })),
      })
    }
    if (req.method === 'GET' && req.path === '/v1beta/models') {
      const start = Number(req.query.get('pageToken') ?? 0)
      const page = this.models.slice(start, start + this.pageSize)
      return sendJson(res, 200, {
        models: page.map((model) => ({
          name: `models/${model.name}`,
          version: '001',
          displayName: model.name,
          inputTokenLimit: 1048576,
          outputTokenLimit: 65536,
          supportedGenerationMethods: model.methods,
        })),
        ...(start + this.pageSize < this.models.length
          ? { nextPageToken: String(start + this.pageSize) }
          : {}),
      })
    }
    this.#error(res, 404, 'NOT_FOUND', `Unknown path ${req.path}`)
  }
}
