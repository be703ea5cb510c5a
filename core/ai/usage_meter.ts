import { tenant } from '#core/tenancy/tenant_context'
import { rawQuery } from '#core/database/raw_query'
import type { AiUsage, TokenCounts } from '#core/ai/ai_types'

/** Price of a model in USD per million tokens. */
export interface ModelPrice {
  inputPerMillion: number
  outputPerMillion: number
}

/** Kind of gateway call recorded in ai_usage_events.operation. */
export type UsageOperation = 'text' | 'stream' | 'object' | 'embed' | 'image' | 'video'

/** Cost in USD of the tokens at a price (8 decimals, as stored). */
export function costOf(tokens: TokenCounts, price: ModelPrice | null): number {
  if (!price) return 0
  const cost =
    (tokens.inputTokens * price.inputPerMillion + tokens.outputTokens * price.outputPerMillion) /
    1_000_000
  return Math.round(cost * 1e8) / 1e8
}

/** Usage as API responses and stored chat replies show it (snake_case). */
export function usageBody(usage: AiUsage) {
  return {
    input_tokens: usage.inputTokens,
    output_tokens: usage.outputTokens,
    cost_usd: usage.costUsd,
  }
}

/**
 * Records one gateway call in `ai_usage_events` through the current tenant
 * transaction, so usage exists exactly when the caller's work commits.
 */
export async function recordUsage(entry: {
  purpose: string
  operation: UsageOperation
  provider: string
  model: string
  tokens: TokenCounts
  price: ModelPrice | null
}): Promise<AiUsage> {
  const context = tenant()
  const usage: AiUsage = {
    inputTokens: Math.max(0, Math.round(entry.tokens.inputTokens || 0)),
    outputTokens: Math.max(0, Math.round(entry.tokens.outputTokens || 0)),
    costUsd: 0,
  }
  usage.costUsd = costOf(usage, entry.price)
  await rawQuery(
    context.trx,
    `insert into ai_usage_events
      (workspace_id, user_id, purpose, operation, provider, model, input_tokens, output_tokens, cost_usd)
      values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      context.workspaceId,
      context.userId,
      entry.purpose,
      entry.operation,
      entry.provider,
      entry.model,
      usage.inputTokens,
      usage.outputTokens,
      usage.costUsd,
    ]
  )
  return usage
}

/**
 * Records one media call (images, seconds of video) in `ai_usage_events`
 * through the current tenant transaction: `units` at `unitPrice` USD each, or
 * a cost of 0 with the provider's reason when its safety rules filtered the
 * result (nothing is billed for those).
 */
export async function recordMediaUsage(entry: {
  purpose: string
  operation: 'image' | 'video'
  provider: string
  model: string
  units: number
  unitPrice: number | null
  tokens?: TokenCounts
  filteredReason?: string
}): Promise<AiUsage> {
  const context = tenant()
  const filtered = entry.filteredReason !== undefined
  const costUsd = filtered
    ? 0
    : Math.round(Math.max(0, entry.units) * (entry.unitPrice ?? 0) * 1e8) / 1e8
  const usage: AiUsage = {
    inputTokens: Math.max(0, Math.round(entry.tokens?.inputTokens || 0)),
    outputTokens: Math.max(0, Math.round(entry.tokens?.outputTokens || 0)),
    costUsd,
  }
  await rawQuery(
    context.trx,
    `insert into ai_usage_events
      (workspace_id, user_id, purpose, operation, provider, model, input_tokens, output_tokens,
       cost_usd, units, outcome, outcome_reason)
      values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      context.workspaceId,
      context.userId,
      entry.purpose,
      entry.operation,
      entry.provider,
      entry.model,
      usage.inputTokens,
      usage.outputTokens,
      costUsd,
      filtered ? 0 : Math.max(0, entry.units),
      filtered ? 'filtered' : 'ok',
      filtered ? entry.filteredReason!.slice(0, 1000) : null,
    ]
  )
  return usage
}
