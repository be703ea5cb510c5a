import { defineSchema, pageOf } from '#sdk'
import { aiModelResource } from '../services/ai_model_resource.js'

const timestamp = { type: 'string', format: 'date-time' }
const usage = {
  type: 'object',
  required: ['input_tokens', 'output_tokens', 'cost_usd'],
  properties: {
    input_tokens: { type: 'integer' },
    output_tokens: { type: 'integer' },
    cost_usd: { type: 'number' },
  },
}
const usageRow = {
  type: 'object',
  required: ['requests', 'input_tokens', 'output_tokens', 'cost_usd'],
  properties: {
    requests: { type: 'integer' },
    input_tokens: { type: 'integer' },
    output_tokens: { type: 'integer' },
    cost_usd: { type: 'number' },
  },
}

const aiModel = aiModelResource.schema

const aiModelUpdateLog = defineSchema('AiModelUpdateLog', {
  type: 'object',
  required: ['id', 'run_date', 'status', 'providers_checked', 'errors'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    run_date: timestamp,
    models_discovered: { type: 'integer' },
    models_added: { type: 'integer' },
    models_deprecated: { type: 'integer' },
    providers_checked: { type: 'array', items: { type: 'string' } },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { provider: { type: 'string' }, message: { type: 'string' } },
      },
    },
    execution_time_ms: { type: ['integer', 'null'] },
    status: { type: 'string', enum: ['success', 'partial', 'failed'] },
    created_at: timestamp,
  },
})

/** Response schemas of the AI gateway routes (OpenAPI components). */
export const aiSchemas = {
  AiModel: aiModel,
  aiModelPage: pageOf('AiModelPage', aiModel),
  aiModelUpdateLogPage: pageOf('AiModelUpdateLogPage', aiModelUpdateLog),
  AiDefaultModel: defineSchema('AiDefaultModel', {
    type: 'object',
    required: ['provider', 'model_type', 'model_name'],
    properties: {
      provider: { type: 'string' },
      model_type: { type: 'string' },
      model_name: { type: 'string' },
      capabilities: { type: 'object' },
      pricing: { type: 'object' },
      context_window: { type: ['integer', 'null'] },
    },
  }),
  AiUsageSummary: defineSchema('AiUsageSummary', {
    type: 'object',
    required: ['from', 'to', 'totals', 'breakdown'],
    properties: {
      from: timestamp,
      to: timestamp,
      totals: usageRow,
      breakdown: {
        type: 'array',
        items: {
          ...usageRow,
          required: ['provider', 'model', 'purpose', ...usageRow.required],
          properties: {
            provider: { type: 'string' },
            model: { type: 'string' },
            purpose: { type: 'string' },
            ...usageRow.properties,
          },
        },
      },
    },
  }),
  AiGeneration: defineSchema('AiGeneration', {
    type: 'object',
    required: ['text', 'object', 'provider', 'model', 'usage'],
    properties: {
      text: { type: 'string' },
      object: { description: 'The structured output when a schema was given, else null' },
      provider: { type: 'string' },
      model: { type: 'string' },
      usage,
    },
  }),
  AiEmbeddings: defineSchema('AiEmbeddings', {
    type: 'object',
    required: ['embeddings', 'dimensions', 'provider', 'model', 'usage'],
    properties: {
      embeddings: { type: 'array', items: { type: 'array', items: { type: 'number' } } },
      dimensions: { type: 'integer' },
      provider: { type: 'string' },
      model: { type: 'string' },
      usage,
    },
  }),
}
