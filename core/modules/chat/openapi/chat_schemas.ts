import { defineSchema, pageOf } from '#sdk'

const uuid = { type: 'string', format: 'uuid' }
const nullableUuid = { type: ['string', 'null'], format: 'uuid' }
const nullableTimestamp = { type: ['string', 'null'], format: 'date-time' }
const usage = {
  type: 'object',
  required: ['inputTokens', 'outputTokens', 'costUsd'],
  properties: {
    inputTokens: { type: 'integer' },
    outputTokens: { type: 'integer' },
    costUsd: { type: 'number' },
  },
}

/** A copilot chat session. */
const ChatSession = defineSchema('ChatSession', {
  type: 'object',
  required: ['id', 'workspace_id', 'user_id', 'title'],
  properties: {
    id: uuid,
    workspace_id: uuid,
    user_id: uuid,
    title: { type: 'string' },
    metadata: { type: ['object', 'null'] },
    created_at: nullableTimestamp,
    updated_at: nullableTimestamp,
  },
})

/** One exchange of a session: the user's message and the AI's response. */
const ChatMessage = defineSchema('ChatMessage', {
  type: 'object',
  required: ['id', 'workspace_id', 'session_id', 'user_message', 'ai_response'],
  properties: {
    id: uuid,
    workspace_id: uuid,
    session_id: uuid,
    user_message: { type: 'string' },
    ai_response: {
      type: 'object',
      description:
        '`{ status: "complete", role, content, provider, model, usage: { input_tokens, output_tokens, cost_usd } }`',
      properties: {
        status: { type: 'string', enum: ['pending', 'complete'] },
        role: { type: 'string' },
        content: { type: 'string' },
        provider: { type: 'string' },
        model: { type: 'string' },
        usage: { type: 'object' },
      },
    },
    agent_type: { type: ['string', 'null'] },
    metadata: { type: ['object', 'null'] },
    timestamp: nullableTimestamp,
  },
})

/** Feedback on an AI suggestion. */
const AiFeedback = defineSchema('AiFeedback', {
  type: 'object',
  required: ['id', 'workspace_id', 'user_id', 'interaction_type', 'original_suggestion'],
  properties: {
    id: uuid,
    workspace_id: uuid,
    user_id: uuid,
    session_id: nullableUuid,
    message_id: nullableUuid,
    interaction_type: { type: 'string', enum: ['edit', 'approve', 'regenerate', 'reject'] },
    original_suggestion: {},
    user_modification: {},
    context_data: { type: 'object' },
    feedback_score: { type: ['integer', 'null'], minimum: 1, maximum: 5 },
    timestamp: nullableTimestamp,
    created_at: nullableTimestamp,
  },
})

/** What the platform learned about one agent from feedback. */
const AgentLearning = defineSchema('AgentLearning', {
  type: 'object',
  required: ['id', 'agent_type', 'pattern_key', 'pattern_data', 'usage_count', 'success_rate'],
  properties: {
    id: uuid,
    workspace_id: uuid,
    agent_type: { type: 'string' },
    pattern_key: { type: 'string' },
    pattern_data: { type: 'object' },
    confidence_score: { type: ['number', 'null'] },
    usage_count: { type: ['integer', 'null'] },
    success_rate: { type: ['number', 'null'] },
    last_updated: nullableTimestamp,
    created_at: nullableTimestamp,
  },
})

/** OpenAPI schemas of the copilot chat routes. */
export const chatSchemas = {
  ChatSession,
  ChatMessage,
  AiFeedback,
  AgentLearning,
  sessionPage: pageOf('ChatSessionPage', ChatSession),
  messagePage: pageOf('ChatMessagePage', ChatMessage),
  feedbackPage: pageOf('AiFeedbackPage', AiFeedback),
  learningPage: pageOf('AgentLearningPage', AgentLearning),
  queued: defineSchema('QueuedJob', {
    type: 'object',
    required: ['job_id'],
    properties: { job_id: { type: 'string' } },
  }),
  usage,
}
