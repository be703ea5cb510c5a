import { randomUUID } from 'node:crypto'
import {
  Problem,
  tenant,
  rawQuery,
  usageBody,
  type AiMessage,
  type TextRequest,
  type TextResult,
} from '#sdk'
import { chatMessageResource } from './chat_message_resource.js'
import { chatSessionResource } from './chat_session_resource.js'

/** Earlier exchanges sent to the model with a new message. */
const HISTORY_EXCHANGES = 20
/** Upper bound of history characters, so long sessions stay within model limits. */
const HISTORY_CHARACTERS = 48_000

/** The caller's session, or 404 (also for other users' and workspaces' sessions). */
export async function findSession(id: string) {
  const session = await chatSessionResource.query().where('id', id).first()
  if (!session) throw Problem.notFound('Chat session')
  return session
}

/**
 * The session's latest exchanges as model messages, oldest first, trimmed to
 * HISTORY_EXCHANGES and HISTORY_CHARACTERS. Exchanges without a reply are skipped.
 */
export async function sessionHistory(sessionId: string): Promise<AiMessage[]> {
  const result = await rawQuery(
    tenant().trx,
    `select user_message, ai_response ->> 'content' as reply from chat_messages
      where session_id = ? and ai_response ->> 'status' = 'complete'
      order by "timestamp" desc, id desc limit ?`,
    [sessionId, HISTORY_EXCHANGES]
  )
  const messages: AiMessage[] = []
  let budget = HISTORY_CHARACTERS
  // Newest first, so the character budget keeps the latest exchanges.
  for (const row of result.rows) {
    const size = row.user_message.length + (row.reply ?? '').length
    if (size > budget) break
    budget -= size
    messages.unshift(
      { role: 'user', content: row.user_message },
      { role: 'assistant', content: row.reply ?? '' }
    )
  }
  return messages
}

/** The system prompt of the copilot, naming the agent when one is asked for. */
export function copilotSystemPrompt(agentType: string | undefined) {
  const agent = agentType && agentType !== 'copilot' ? ` You act as its ${agentType} agent.` : ''
  return (
    'You are the marketing copilot of Action Insight Pilot, helping a marketing team plan ' +
    `campaigns, audiences, channels and content.${agent} Answer concisely and practically.`
  )
}

/** Input of a new exchange. */
export interface NewExchange {
  content: string
  agent_type?: string
  provider?: string
  model?: string
  context?: string[]
  metadata?: Record<string, unknown>
}

/** An exchange being answered: stored only once the reply is complete. */
export interface PendingExchange {
  /** Id the exchange will be stored under (announced in the stream's `start` event). */
  id: string
  sessionId: string
  input: NewExchange
}

/**
 * Prepares a new exchange of the session: reads the history and builds the
 * gateway request (system prompt, history, the new message). Nothing is
 * written yet: the reply may come from a remote provider with no transaction
 * open, so the exchange is stored whole by completeExchange() afterwards, and
 * a failed or abandoned answer leaves no half-written message.
 */
export async function startExchange(sessionId: string, input: NewExchange) {
  const history = await sessionHistory(sessionId)
  const request: TextRequest = {
    purpose: 'chat',
    system: copilotSystemPrompt(input.agent_type),
    messages: [...history, { role: 'user', content: input.content }],
    provider: input.provider,
    model: input.model,
    context: input.context,
  }
  const exchange: PendingExchange = { id: randomUUID(), sessionId, input }
  return { exchange, request }
}

/**
 * Stores the exchange with the assistant's reply (text, provider, model,
 * usage) and marks the session as updated. Returns the stored message; 404
 * when the session was deleted while the reply was generated.
 */
export async function completeExchange(exchange: PendingExchange, result: TextResult) {
  const { trx, workspaceId } = tenant()
  const response = {
    status: 'complete',
    role: 'assistant',
    content: result.text,
    provider: result.provider,
    model: result.model,
    usage: usageBody(result.usage),
  }
  const { input } = exchange
  const session = await rawQuery(
    trx,
    'update chat_sessions set updated_at = now() where id = ? returning id',
    [exchange.sessionId]
  )
  if (!session.rows.length) throw Problem.notFound('Chat session')
  const inserted = await rawQuery(
    trx,
    `insert into chat_messages (id, workspace_id, session_id, user_message, ai_response, agent_type, metadata)
     values (?, ?, ?, ?, ?::jsonb, ?, coalesce(?::jsonb, '{}'::jsonb))
     returning ${chatMessageResource.sql()}`,
    [
      exchange.id,
      workspaceId,
      exchange.sessionId,
      input.content,
      JSON.stringify(response),
      input.agent_type ?? 'copilot',
      input.metadata ? JSON.stringify(input.metadata) : null,
    ]
  )
  return inserted.rows[0]
}
