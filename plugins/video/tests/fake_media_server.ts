import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ServerResponse } from 'node:http'
import { FakeHttpServer, sendJson, type ReceivedRequest } from '#tests/helpers/fake_http_server'
import { encodePngForTests, ffmpegForTests } from './helpers.js'

/** A small real MP4 (H.264, 9:16, 8 s) that the fake serves as Veo's result. */
export function sampleClip(): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'aip-fake-veo-'))
  const file = join(dir, 'clip.mp4')
  execFileSync(ffmpegForTests(), [
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    'testsrc2=s=180x320:r=25:d=8',
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    'yuv420p',
    file,
  ])
  return readFileSync(file)
}

/**
 * A loopback fake of Google's Gemini API media endpoints (`/v1beta`:
 * `models/{image model}:generateContent` answering inline image parts,
 * `models/{veo}:predictLongRunning`, operations polled by name, the file
 * download) and of OpenAI's `/v1/images/generations`, in their wire formats.
 * It counts submissions, can filter (safety) or refuse (429 quota), and keeps
 * each Veo operation running for `pollsUntilDone` polls.
 */
export class FakeMediaServer {
  readonly server: FakeHttpServer = new FakeHttpServer((req, res) => this.#handle(req, res))
  /** Gemini text answers (the remote planner's structured output). */
  planText = ''
  imageMode: 'ok' | 'filtered' | 'quota' = 'ok'
  veoMode: 'ok' | 'filtered' = 'ok'
  pollsUntilDone = 2
  operations = new Map<string, { polls: number }>()
  clip: Buffer = Buffer.alloc(0)
  png: Buffer = encodePngForTests()

  constructor(readonly apiKey: string) {}

  async start() {
    this.clip = sampleClip()
    await this.server.start()
    return this
  }

  get googleBaseUrl() {
    return `${this.server.origin}/v1beta`
  }
  get openAiBaseUrl() {
    return `${this.server.origin}/v1`
  }

  /** Requests whose path matches. */
  count(path: RegExp) {
    return this.server.requests.filter((request: ReceivedRequest) => path.test(request.path)).length
  }

  #googleError(res: ServerResponse, code: number, status: string, message: string) {
    sendJson(res, code, { error: { code, message, status } })
  }

  async #handle(req: ReceivedRequest, res: ServerResponse): Promise<void> {
    if (req.path.startsWith('/v1/')) return this.#openAi(req, res)
    const key = req.headers['x-goog-api-key'] ?? req.query.get('key')
    if (key !== this.apiKey) {
      return this.#googleError(
        res,
        400,
        'INVALID_ARGUMENT',
        'API key not valid. Please pass a valid API key.'
      )
    }
    const action = /^\/v1beta\/models\/([^:/]+):(\w+)$/.exec(req.path)
    if (req.method === 'POST' && action?.[2] === 'generateContent') {
      if (req.body.generationConfig?.responseModalities?.includes('IMAGE')) {
        if (this.imageMode === 'quota') {
          return this.#googleError(
            res,
            429,
            'RESOURCE_EXHAUSTED',
            'Quota exceeded for image generation.'
          )
        }
        if (this.imageMode === 'filtered') {
          return sendJson(res, 200, {
            candidates: [
              {
                finishReason: 'IMAGE_SAFETY',
                finishMessage: 'The image may show a real person.',
                index: 0,
              },
            ],
            usageMetadata: { promptTokenCount: 12, totalTokenCount: 12 },
          })
        }
        return sendJson(res, 200, {
          candidates: [
            {
              content: {
                role: 'model',
                parts: [
                  { inlineData: { mimeType: 'image/png', data: this.png.toString('base64') } },
                ],
              },
              finishReason: 'STOP',
              index: 0,
            },
          ],
          usageMetadata: {
            promptTokenCount: 20,
            candidatesTokenCount: 1290,
            totalTokenCount: 1310,
          },
        })
      }
      return sendJson(res, 200, {
        candidates: [
          {
            content: { parts: [{ text: this.planText }], role: 'model' },
            finishReason: 'STOP',
            index: 0,
          },
        ],
        usageMetadata: { promptTokenCount: 300, candidatesTokenCount: 200, totalTokenCount: 500 },
      })
    }
    if (req.method === 'POST' && action?.[2] === 'predictLongRunning') {
      const name = `models/${action[1]}/operations/op${this.operations.size + 1}`
      this.operations.set(name, { polls: 0 })
      return sendJson(res, 200, { name })
    }
    const poll = /^\/v1beta\/(models\/[^/]+\/operations\/\w+)$/.exec(req.path)
    if (req.method === 'GET' && poll) {
      const operation = this.operations.get(poll[1])
      if (!operation) return this.#googleError(res, 404, 'NOT_FOUND', 'Operation not found')
      operation.polls++
      if (operation.polls < this.pollsUntilDone) return sendJson(res, 200, { name: poll[1] })
      const generateVideoResponse: Record<string, unknown> =
        this.veoMode === 'filtered'
          ? {
              raiMediaFilteredCount: 1,
              raiMediaFilteredReasons: ['The prompt may violate our policy on real people.'],
            }
          : {
              generatedSamples: [
                {
                  video: {
                    uri: `${this.server.origin}/v1beta/files/${poll[1].split('/').pop()}:download?alt=media`,
                  },
                },
              ],
            }
      return sendJson(res, 200, {
        name: poll[1],
        done: true,
        response: {
          '@type':
            'type.googleapis.com/google.ai.generativelanguage.v1beta.PredictLongRunningResponse',
          generateVideoResponse,
        },
      })
    }
    if (req.method === 'GET' && /^\/v1beta\/files\/\w+:download$/.test(req.path)) {
      res.writeHead(200, { 'content-type': 'video/mp4' })
      res.end(this.clip)
      return
    }
    this.#googleError(res, 404, 'NOT_FOUND', `Unknown path ${req.path}`)
  }

  #openAi(req: ReceivedRequest, res: ServerResponse): void {
    if (req.headers.authorization !== `Bearer ${this.apiKey}`) {
      return sendJson(res, 401, {
        error: {
          message: 'Incorrect API key provided',
          type: 'invalid_request_error',
          code: 'invalid_api_key',
        },
      })
    }
    if (req.method === 'POST' && req.path === '/v1/images/generations') {
      if (this.imageMode === 'quota') {
        return sendJson(res, 429, {
          error: {
            message: 'You exceeded your current quota.',
            type: 'insufficient_quota',
            code: 'insufficient_quota',
          },
        })
      }
      if (this.imageMode === 'filtered') {
        return sendJson(res, 400, {
          error: {
            message: 'Your request was rejected by the safety system.',
            type: 'image_generation_user_error',
            code: 'moderation_blocked',
          },
        })
      }
      return sendJson(res, 200, {
        created: 1,
        data: [{ b64_json: this.png.toString('base64') }],
        usage: { input_tokens: 30, output_tokens: 1056, total_tokens: 1086 },
      })
    }
    sendJson(res, 404, { error: { message: 'Unknown path' } })
  }
}
