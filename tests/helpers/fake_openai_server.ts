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
import type { ProviderHold } from '#tests/helpers/fake_chat_provider'

/**
 * A loopback fake of the OpenAI API under `/v1`, speaking its wire format:
 * Chat Completions (JSON and SSE `chat.completion.chunk` events ending with a
 * usage chunk and `[DONE]`), Embeddings and the models list. Requests need
 * `Authorization: Bearer <apiKey>` (else 401 with OpenAI's error body).
 */
export class FakeOpenAiServer extends FakeProviderServer {
  script: FakeScript = defaultScript('openai')
  models = ['gpt-5', 'gpt-5-mini', 'gpt-4o-2024-08-06', 'text-embedding-3-small', 'whisper-1', 'o3']
  /**
   * When set, the next Embeddings call is held until the test releases it
   * (see ProviderHold): the platform is then waiting on the provider. Cleared
   * once used.
   */
  embeddingHold: ProviderHold | null = null

  protected async handle(req: ReceivedRequest, res: ServerResponse) {
    if (req.headers.authorization !== `Bearer ${this.apiKey}`) {
      return sendJson(res, 401, {
        error: {
          message: 'Incorrect API key provided.',
          type: 'invalid_request_error',
          param: null,
          code: 'invalid_api_key',
        },
      })
    }
    if (this.script.failStatus) {
      return sendJson(res, this.script.failStatus, {
        error: {
          message: 'The server had an error while processing your request.',
          type: 'server_error',
          param: null,
          code: null,
        },
      })
    }
    const created = 1_764_000_000
    if (req.method === 'POST' && req.path === '/v1/chat/completions') {
      const { text, inputTokens, outputTokens } = this.script
      const usage = {
        prompt_tokens: inputTokens,
        completion_tokens: outputTokens,
        total_tokens: inputTokens + outputTokens,
      }
      if (req.body.stream) {
        const chunk = (delta: Record<string, unknown>, finish: string | null) => ({
          id: 'chatcmpl-fake',
          object: 'chat.completion.chunk',
          created,
          model: req.body.model,
          system_fingerprint: 'fp_fake',
          choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
        })
        return sendSse(res, [
          [null, chunk({ role: 'assistant', content: '' }, null)],
          ...deltas(text).map(
            (piece) => [null, chunk({ content: piece }, null)] as [null, unknown]
          ),
          [null, chunk({}, 'stop')],
          [
            null,
            {
              id: 'chatcmpl-fake',
              object: 'chat.completion.chunk',
              created,
              model: req.body.model,
              choices: [],
              usage,
            },
          ],
          [null, '[DONE]'],
        ])
      }
      return sendJson(res, 200, {
        id: 'chatcmpl-fake',
        object: 'chat.completion',
        created,
        model: req.body.model,
        system_fingerprint: 'fp_fake',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: text, refusal: null },
            logprobs: null,
            finish_reason: 'stop',
          },
        ],
        usage,
      })
    }
    if (req.method === 'POST' && req.path === '/v1/embeddings') {
      const hold = this.embeddingHold
      this.embeddingHold = null
      await hold?.wait(res)
      if (hold?.failing) res.destroy()
      if (res.destroyed) return
      const inputs: string[] = Array.isArray(req.body.input) ? req.body.input : [req.body.input]
      const dimensions = req.body.dimensions ?? 8
      return sendJson(res, 200, {
        object: 'list',
        data: inputs.map((input, index) => ({
          object: 'embedding',
          index,
          embedding: fakeVector(input, dimensions),
        })),
        model: req.body.model,
        usage: { prompt_tokens: this.script.inputTokens, total_tokens: this.script.inputTokens },
      })
    }
    if (req.method === 'GET' && req.path === '/v1/models') {
      return sendJson(res, 200, {
        object: 'list',
        data: this.models.map((id) => ({ id, object: 'model', created, owned_by: 'openai' })),
      })
    }
    sendJson(res, 404, {
      error: { message: `Unknown path ${req.path}`, type: 'invalid_request_error' },
    })
  }
}
