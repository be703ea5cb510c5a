import type { ProviderAdapter, ResolvedTextRequest } from '#core/ai/ai_types'
import { localAnswer, streamChunks } from '#core/ai/local_text_generator'
import { localObject } from '#core/ai/local_object_generator'
import { hashEmbedding } from '#core/ai/hashing_embedder'
import { estimateTokens } from '#core/ai/text_analysis'

/** Model names of the local provider. */
export const LOCAL_MODELS = { text: 'local-extractive-1', embedding: 'local-hash-1536' } as const

/** Estimated input tokens of a request (system, messages and context). */
function inputTokens(req: ResolvedTextRequest) {
  return estimateTokens(
    [req.system ?? '', ...req.messages.map((m) => m.content), ...(req.context ?? [])].join('\n')
  )
}

/**
 * The built-in offline provider: deterministic, no key, no network. Text is
 * an extractive answer from the context snippets (or a summary of the
 * conversation), structured output is filled from the inputs, streaming
 * chunks the same text, embeddings come from the hashing embedder. Token
 * counts are estimates; cost is zero.
 */
export const localProvider: ProviderAdapter = {
  name: 'local',

  async generateText(req) {
    const text = localAnswer(req)
    return { text, tokens: { inputTokens: inputTokens(req), outputTokens: estimateTokens(text) } }
  },

  async streamText(req, onDelta) {
    const text = localAnswer(req)
    for (const chunk of streamChunks(text)) await onDelta(chunk)
    return { text, tokens: { inputTokens: inputTokens(req), outputTokens: estimateTokens(text) } }
  },

  async generateObject(req) {
    // A schema no value satisfies (e.g. `enum: []`) leaves nothing: answer null, which the
    // gateway's validation then reports like any other output that misses the schema.
    const object = localObject(req) ?? null
    const text = JSON.stringify(object)
    return {
      object,
      text,
      tokens: {
        inputTokens: inputTokens(req) + estimateTokens(JSON.stringify(req.schema)),
        outputTokens: estimateTokens(text),
      },
    }
  },

  async embed(texts) {
    return {
      embeddings: texts.map((text) => hashEmbedding(text)),
      tokens: {
        inputTokens: texts.reduce((sum, t) => sum + estimateTokens(t), 0),
        outputTokens: 0,
      },
    }
  },
}
