import { defineSchema, pageOf } from '#sdk'
import { aiFeedbackResource } from '../services/ai_feedback_resource.js'
import { chatMessageResource } from '../services/chat_message_resource.js'
import { chatSessionResource } from '../services/chat_session_resource.js'

const uuid = { type: 'string', format: 'uuid' }
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
const ChatSession = chatSessionResource.schema

/** One exchange of a session: the user's message and the AI's response. */
const ChatMessage = chatMessageResource.schema

/** Feedback on an AI suggestion. */
const AiFeedback = aiFeedbackResource.schema

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
