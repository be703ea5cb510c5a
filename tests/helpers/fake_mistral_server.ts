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
 * A loopback fake of the Mistral API under `/v1`, speaking its wire format:
 * chat completions (JSON, and SSE chunks whose last one carries the usage,
 * then `[DONE]`), embeddings and the models list with Mistral's capability
 * flags. Requests need `Authorization: Bearer <apiKey>`.
 */
export class FakeMistralServer extends FakeProviderServer {
  script: FakeScript = defaultScript('mistral')
  models: Array<{ id: string; chat: boolean }> = [
    { id: 'mistral-large-latest', chat: true },
    { id: 'mistral-small-2506', chat: true },
    { id: 'mistral-embed', chat: false },
  ]

  protected async handle(req: ReceivedRequest, res: ServerResponse) {
    if (req.headers.authorization !== `Bearer ${this.apiKey}`) {
      return sendJson(res, 401, { message: 'Unauthorized', request_id: 'fake' })
    }
    if (this.script.failStatus) {
      return sendJson(res, this.script.failStatus, {
        object: 'error',
        message: 'Service unavailable',
        type: 'internal_server_error',
        code: '3000',
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
        const pieces = deltas(text)
        const chunk = (delta: Record<string, unknown>, finish: string | null, extra = {}) => ({
          id: 'cmpl-fake',
          object: 'chat.completion.chunk',
          created,
          model: req.body.model,
          choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
          ...extra,
        })
        return sendSse(res, [
          [null, chunk({ role: 'assistant', content: '' }, null)],
          ...pieces.map((piece) => [null, chunk({ content: piece }, null)] as [null, unknown]),
          [null, chunk({ content: '' }, 'stop', { usage })],
          [null, '[DONE]'],
        ])
      }
      return sendJson(res, 200, {
        id: 'cmpl-fake',
        object: 'chat.completion',
        created,
        model: req.body.model,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: text, tool_calls: null, prefix: false },
            finish_reason: 'stop',
            logprobs: null,
          },
        ],
        usage,
      })
    }
    if (req.method === 'POST' && req.path === '/v1/embeddings') {
      const inputs: string[] = Array.isArray(req.body.input) ? req.body.input : [req.body.input]
      return sendJson(res, 200, {
        id: 'embd-fake',
        object: 'list',
        data: inputs.map((input, index) => ({
          object: 'embedding',
          embedding: fakeVector(input, 1024),
          index,
        })),
        model: req.body.model,
        usage: {
          prompt_tokens: this.script.inputTokens,
          total_tokens: this.script.inputTokens,
          completion_tokens: 0,
        },
      })
    }
    if (req.method === 'GET' && req.path === '/v1/models') {
      return sendJson(res, 200, {
        object: 'list',
        data: this.models.map((model) => ({
          id: model.id,
          object: 'model',
          created,
          owned_by: 'mistralai',
          capabilities: {
            completion_chat: model.chat,
            completion_fim: false,
            function_calling: model.chat,
            fine_tuning: false,
            vision: false,
          },
          name: model.id,
          max_context_length: 131072,
          aliases: [],
          deprecation: null,
          type: 'base',
        })),
      })
    }
    sendJson(res, 404, { object: 'error', message: `Unknown path ${req.path}` })
  }
}
