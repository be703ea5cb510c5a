import { tenant, rawQuery } from '#sdk'

/** One rule that contributed to a lead's score (as the scoring engine writes it). */
export interface ScoreReason {
  rule_name: string
  category: 'fit' | 'engagement'
  points: number
}

/** A lead that arrived in a period, with its score and the reasons for it. */
export interface ArrivedLead {
  id: string
  first_name: string | null
  last_name: string | null
  email: string | null
  company: string | null
  phone: string | null
  source: string
  status: string
  lead_score: number
  created_at: Date
  /** The matched scoring rules, largest contribution first (empty when never scored). */
  explanation: ScoreReason[]
}

/**
 * Leads created in [from, to) in the current workspace, oldest first, with
 * their score explanation (`lead_scores`), in one statement; at most `limit`
 * (for the autopilot's daily lead triage).
 */
export async function leadsCreatedBetween(
  from: Date,
  to: Date,
  limit = 1000
): Promise<ArrivedLead[]> {
  const { trx } = tenant()
  const result = await rawQuery<ArrivedLead>(
    trx,
    `select l.id, l.first_name, l.last_name, l.email, l.company, l.phone, l.source, l.status,
        l.lead_score, l.created_at,
        coalesce((
          select jsonb_agg(jsonb_build_object('rule_name', e->>'rule_name', 'category', e->>'category',
              'points', (e->>'points')::float8) order by abs((e->>'points')::float8) desc)
          from jsonb_array_elements(s.explanation) e
        ), '[]'::jsonb) as explanation
      from leads l
      left join lead_scores s on s.workspace_id = l.workspace_id and s.lead_id = l.id
      where l.created_at >= ?::timestamptz and l.created_at < ?::timestamptz
      order by l.created_at, l.id
      limit ?`,
    [from.toISOString(), to.toISOString(), limit]
  )
  return result.rows
}
