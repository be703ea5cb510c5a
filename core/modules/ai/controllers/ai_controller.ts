import type { HttpContext } from '@adonisjs/core/http'
import { aiGateway, usageBody } from '#sdk'
import { embedValidator, generateValidator } from '../validators/ai_validator.js'

/**
 * The AI gateway for HTTP clients: text or structured output, and embeddings.
 * Calls run in the request's transaction and are metered to the workspace
 * under the given purpose (default `api.generate` / `api.embed`).
 */
export default class AiController {
  async generate({ request }: HttpContext) {
    const input = await request.validateUsing(generateValidator)
    const common = {
      purpose: input.purpose ?? 'api.generate',
      system: input.system,
      messages: input.messages,
      provider: input.provider,
      model: input.model,
      maxOutputTokens: input.max_output_tokens,
      temperature: input.temperature,
      context: input.context,
    }
    const result = input.schema
      ? await aiGateway.generateObject({
          ...common,
          schema: input.schema,
          schemaName: input.schema_name ?? 'result',
        })
      : await aiGateway.generateText(common)
    return {
      text: result.text,
      object: 'object' in result ? result.object : null,
      provider: result.provider,
      model: result.model,
      usage: usageBody(result.usage),
    }
  }

  async embed({ request }: HttpContext) {
    const input = await request.validateUsing(embedValidator)
    const result = await aiGateway.embed({
      purpose: input.purpose ?? 'api.embed',
      texts: input.texts,
      provider: input.provider,
      model: input.model,
    })
    return {
      embeddings: result.embeddings,
      dimensions: result.embeddings[0]?.length ?? 0,
      provider: result.provider,
      model: result.model,
      usage: usageBody(result.usage),
    }
  }
}
