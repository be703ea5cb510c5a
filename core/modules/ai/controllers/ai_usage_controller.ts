import type { HttpContext } from '@adonisjs/core/http'
import { Problem, tenant, rawQuery } from '#sdk'
import { usageQueryValidator } from '../validators/ai_validator.js'

const DAY = 86_400_000

/** A date-only bound covers its whole day: `to=2026-01-31` includes the 31st. */
function parseBound(value: string | undefined, field: string, endOfDay: boolean) {
  if (value === undefined) return undefined
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value)
  const date = new Date(dateOnly ? `${value}T00:00:00Z` : value)
  if (Number.isNaN(date.getTime()))
    throw Problem.invalidField(field, `${field} is not a valid date`, 'date')
  return dateOnly && endOfDay ? new Date(date.getTime() + DAY) : date
}

/**
 * The workspace's AI usage over a date range: totals and a breakdown by
 * provider, model and purpose (from ai_usage_events, under RLS).
 */
export default class AiUsageController {
  async summary({ request }: HttpContext) {
    const query = await usageQueryValidator.validate(request.qs())
    const to = parseBound(query.to, 'to', true) ?? new Date()
    const from = parseBound(query.from, 'from', false) ?? new Date(to.getTime() - 30 * DAY)
    if (from.getTime() > to.getTime())
      throw Problem.invalidField('from', 'from must not be after to', 'range')
    const { trx, workspaceId } = tenant()
    const result = await rawQuery(
      trx,
      `select provider, model, purpose, count(*)::int as requests,
          coalesce(sum(input_tokens), 0)::bigint as input_tokens,
          coalesce(sum(output_tokens), 0)::bigint as output_tokens,
          coalesce(sum(cost_usd), 0)::numeric(18, 8) as cost_usd
        from ai_usage_events
        where workspace_id = ? and created_at >= ? and created_at < ?
        group by provider, model, purpose
        order by sum(cost_usd) desc, provider, model, purpose`,
      [workspaceId, from, to]
    )
    const breakdown = result.rows.map((row) => ({
      provider: row.provider as string,
      model: row.model as string,
      purpose: row.purpose as string,
      requests: row.requests as number,
      input_tokens: Number(row.input_tokens),
      output_tokens: Number(row.output_tokens),
      cost_usd: Number(row.cost_usd),
    }))
    const totals = breakdown.reduce(
      (sum, row) => ({
        requests: sum.requests + row.requests,
        input_tokens: sum.input_tokens + row.input_tokens,
        output_tokens: sum.output_tokens + row.output_tokens,
        cost_usd: Math.round((sum.cost_usd + row.cost_usd) * 1e8) / 1e8,
      }),
      { requests: 0, input_tokens: 0, output_tokens: 0, cost_usd: 0 }
    )
    return { from: from.toISOString(), to: to.toISOString(), totals, breakdown }
  }
}
