import {
  FakeProviderServer,
  defaultScript,
  deltas,
  sendJson,
  sendSse,
} from '#tests/helpers/fake_http_server'
import type { FakeScript, ReceivedRequest } from '#tests/helpers/fake_http_server'
import type { ServerResponse } from 'node:http'

/**
 * A loopback fake of the Anthropic API under `/v1`, speaking its wire format:
 * Messages (JSON; a `tool_use` block when the caller forces a tool, as the SDK
 * does for JSON output on older models), the streaming event sequence
 * (message_start, content_block_start, ping, content_block_delta,
 * content_block_stop, message_delta, message_stop) and the paginated models
 * list. Requests need `x-api-key: <apiKey>` and an `anthropic-version` header.
 */
export class FakeAnthropicServer extends FakeProviderServer {
  script: FakeScript = defaultScript('anthropic')
  models = ['claude-sonnet-4-5-20250929', 'claude-haiku-4-5-20251001', 'claude-opus-4-1-20250805']

  #error(res: ServerResponse, status: number, type: string, message: string) {
    sendJson(res, status, { type: 'error', error: { type, message } })
  }

  protected async handle(req: ReceivedRequest, res: ServerResponse) {
    if (req.headers['x-api-key'] !== this.apiKey) {
      return this.#error(res, 401, 'authentication_error', 'invalid x-api-key')
    }
    if (!req.headers['anthropic-version']) {
      return this.#error(res, 400, 'invalid_request_error', 'anthropic-version header is required')
    }
    if (this.script.failStatus)
      return this.#error(res, this.script.failStatus, 'overloaded_error', 'Overloaded')
    if (req.method === 'POST' && req.path === '/v1/messages') {
      const { text, inputTokens, outputTokens } = this.script
      const forcedTool = req.body.tool_choice?.type === 'tool' ? req.body.tool_choice.name : null
      const message = {
        id: 'msg_fake',
        type: 'message',
        role: 'assistant',
        model: req.body.model,
        stop_sequence: null,
      }
      if (req.body.stream) {
        return sendSse(res, [
          [
            'message_start',
            {
              type: 'message_start',
              message: {
                ...message,
                content: [],
                stop_reason: null,
                usage: { input_tokens: inputTokens, output_tokens: 1 },
              },
            },
          ],
          [
            'content_block_start',
            { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
          ],
          ['ping', { type: 'ping' }],
          ...deltas(text).map(
            (piece) =>
              [
                'content_block_delta',
                {
                  type: 'content_block_delta',
                  index: 0,
                  delta: { type: 'text_delta', text: piece },
                },
              ] as [string, unknown]
          ),
          ['content_block_stop', { type: 'content_block_stop', index: 0 }],
          [
            'message_delta',
            {
              type: 'message_delta',
              delta: { stop_reason: 'end_turn', stop_sequence: null },
              usage: { output_tokens: outputTokens },
            },
          ],
          ['message_stop', { type: 'message_stop' }],
        ])
      }
      const content = forcedTool
        ? [{ type: 'tool_use', id: 'toolu_fake', name: forcedTool, input: JSON.parse(text) }]
        : [{ type: 'text', text }]
      return sendJson(res, 200, {
        ...message,
        content,
        stop_reason: forcedTool ? 'tool_use' : 'end_turn',
        usage: { input_tokens: inputTokens, output_tokens: outputTokens },
      })
    }
    if (req.method === 'GET' && req.path === '/v1/models') {
      const limit = Number(req.query.get('limit') ?? 20)
      const after = req.query.get('after_id')
      const start = after ? this.models.indexOf(after) + 1 : 0
      const page = this.models.slice(start, start + limit)
      return sendJson(res, 200, {
        data: page.map((id) => ({
          type: 'model',
          id,
          display_name: id,
          created_at: '2025-09-29T00:00:00Z',
        })),
        has_more: start + limit < this.models.length,
        first_id: page[0] ?? null,
        last_id: page.at(-1) ?? null,
      })
    }
    this.#error(res, 404, 'not_found_error', `Unknown path ${req.path}`)
  }
}
