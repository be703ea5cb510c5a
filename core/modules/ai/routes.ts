import router from '@adonisjs/core/services/router'
import { aiSchemas } from './openapi/ai_schemas.js'
import {
  defaultModelQueryValidator,
  embedValidator,
  generateValidator,
  modelsQueryValidator,
  usageQueryValidator,
} from './validators/ai_validator.js'
import { pageQueryValidator } from '#sdk'

const AiController = () => import('./controllers/ai_controller.js')
const AiUsageController = () => import('./controllers/ai_usage_controller.js')
const AiModelsController = () => import('./controllers/ai_models_controller.js')

const gatewayErrors = {
  422: {
    description:
      'Invalid input, unknown provider or model, no API key for the provider, or a schema the local provider cannot satisfy',
  },
  502: {
    description: "The provider failed, or a remote provider's output does not match the schema",
  },
}

/** The AI gateway over HTTP, its usage metering and the model registry. */
export default function registerAiRoutes() {
  router.group(() => {
    router.post('/ai/generate', [AiController, 'generate']).openapi({
      operationId: 'core.ai.generate',
      summary: 'Generate text, or a JSON object that validates against `schema`',
      description:
        'Runs through the AI gateway (default provider `local`, offline) and is metered to the workspace.',
      tag: 'AI',
      scope: 'ai:write',
      body: generateValidator,
      responses: {
        200: { description: 'The generation', schema: aiSchemas.AiGeneration },
        ...gatewayErrors,
      },
    })
    router.post('/ai/embeddings', [AiController, 'embed']).openapi({
      operationId: 'core.ai.embed',
      summary: 'Embed texts (local provider: 1536-dimension hashing vectors)',
      tag: 'AI',
      scope: 'ai:write',
      body: embedValidator,
      responses: {
        200: { description: 'One vector per text', schema: aiSchemas.AiEmbeddings },
        ...gatewayErrors,
      },
    })
    router.get('/ai/usage', [AiUsageController, 'summary']).openapi({
      operationId: 'core.ai_usage.summary',
      summary: "The workspace's AI usage by provider, model and purpose",
      description: 'Date-only bounds cover whole days (UTC); default: the last 30 days.',
      tag: 'AI',
      scope: 'ai:read',
      query: usageQueryValidator,
      responses: { 200: { description: 'Usage summary', schema: aiSchemas.AiUsageSummary } },
    })
    router.get('/ai/models', [AiModelsController, 'index']).openapi({
      operationId: 'core.ai_models.list',
      summary: 'Models of the registry (seeded, kept current by monthly discovery)',
      tag: 'AI',
      scope: 'ai:read',
      query: modelsQueryValidator,
      responses: { 200: { description: 'A page of models', schema: aiSchemas.aiModelPage } },
    })
    router.get('/ai/models/default', [AiModelsController, 'default']).openapi({
      operationId: 'core.ai_models.default',
      summary: "A provider's default model of a type (get_default_model)",
      tag: 'AI',
      scope: 'ai:read',
      query: defaultModelQueryValidator,
      responses: {
        200: { description: 'The default model', schema: aiSchemas.AiDefaultModel },
        404: { description: 'No active model of that type' },
      },
    })
    router.get('/ai/models/update-logs', [AiModelsController, 'updateLogs']).openapi({
      operationId: 'core.ai_models.update_logs',
      summary: 'Runs of the monthly model discovery, newest first',
      tag: 'AI',
      scope: 'ai:read',
      query: pageQueryValidator,
      responses: {
        200: { description: 'A page of discovery runs', schema: aiSchemas.aiModelUpdateLogPage },
      },
    })
  })
}
