import { rawQuery, tenant } from '#sdk'

/** Counts of the workspace's leads by status, and their activities, over a range. */
export interface LeadFunnelCounts {
  total: number
  new: number
  contacted: number
  qualified: number
  converted: number
  lost: number
  activities: number
  leads_with_activity: number
}

/** The statement of leadFunnelCounts (bindings: from ×2, to ×2, from ×2, to ×2). */
export const LEAD_FUNNEL_SQL = `with scoped as (
        select id, status from leads
         where (?::date is null or created_at >= ?::date)
           and (?::date is null or created_at < ?::date + 1)
      ), acts as (
        select lead_id from lead_activities
         where (?::date is null or occurred_at >= ?::date)
           and (?::date is null or occurred_at < ?::date + 1)
      )
      select count(*)::int as total,
             count(*) filter (where status = 'new')::int as new,
             count(*) filter (where status = 'contacted')::int as contacted,
             count(*) filter (where status = 'qualified')::int as qualified,
             count(*) filter (where status = 'converted')::int as converted,
             count(*) filter (where status = 'lost')::int as lost,
             (select count(*) from acts)::int as activities,
             (select count(distinct lead_id) from acts)::int as leads_with_activity
        from scoped`

/**
 * Leads created in an inclusive range of days (null = open) counted by
 * status, with the activities recorded in that range, in one statement. Other
 * plugins (strategy: funnels and KPI evaluation) read lead numbers through it.
 */
export async function leadFunnelCounts(
  range: { from?: string | null; to?: string | null } = {}
): Promise<LeadFunnelCounts> {
  const from = range.from ?? null
  const to = range.to ?? null
  const result = await rawQuery<LeadFunnelCounts>(tenant().trx, LEAD_FUNNEL_SQL, [
    from,
    from,
    to,
    to,
    from,
    from,
    to,
    to,
  ])
  return result.rows[0]
}

/** One value of a lead attribute and how many leads have it. */
export interface AttributeCount {
  value: string
  leads: number
}

/**
 * The most frequent industries, job titles, company sizes and sources of the
 * workspace's leads (top five each): who the customers actually are, for
 * grounding positioning and plans in data.
 */
export async function leadAudienceProfile(): Promise<{
  total: number
  industry: AttributeCount[]
  job_title: AttributeCount[]
  company_size: AttributeCount[]
  source: AttributeCount[]
}> {
  const result = await rawQuery<{ attribute: string; value: string; leads: number; total: number }>(
    tenant().trx,
    `with attrs as (
        select 'industry' as attribute, industry as value from leads where nullif(btrim(industry), '') is not null
        union all select 'job_title', job_title from leads where nullif(btrim(job_title), '') is not null
        union all select 'company_size', company_size from leads where company_size is not null
        union all select 'source', source from leads
      ), ranked as (
        select attribute, value, count(*)::int as leads,
               row_number() over (partition by attribute order by count(*) desc, value) as position
          from attrs group by attribute, value
      )
      select attribute, value, leads, (select count(*)::int from leads) as total
        from ranked where position <= 5 order by attribute, position`
  )
  const profile = {
    total: result.rows[0]?.total ?? 0,
    industry: [] as AttributeCount[],
    job_title: [] as AttributeCount[],
    company_size: [] as AttributeCount[],
    source: [] as AttributeCount[],
  }
  for (const row of result.rows) {
    profile[row.attribute as 'industry'].push({ value: row.value, leads: row.leads })
  }
  if (!result.rows.length) {
    const counted = await rawQuery<{ n: number }>(
      tenant().trx,
      'select count(*)::int as n from leads'
    )
    profile.total = counted.rows[0].n
  }
  return profile
}
