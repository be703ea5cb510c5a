import { createHash } from 'node:crypto'
import {
  isActivityCondition,
  type ActivityCondition,
  type FieldCondition,
  type RuleConditions,
} from './rule_conditions.js'
import { join, raw, sql, type SqlFragment } from './sql_fragment.js'

/** Half-life of engagement points, in days, when a rule does not set its own. */
export const DEFAULT_HALF_LIFE_DAYS = 30

/** An active scoring rule, as the engine evaluates it. */
export interface ScoringRule {
  id: string
  rule_name: string
  category: 'fit' | 'engagement'
  score_weight: number
  half_life_days: number | null
  conditions: RuleConditions
}

/** Lead columns that rules read directly (email_domain is derived). */
const COLUMN_SQL: Record<string, string> = {
  first_name: 'l.first_name',
  last_name: 'l.last_name',
  email: 'l.email',
  email_domain: "split_part(l.email, '@', 2)",
  company: 'l.company',
  job_title: 'l.job_title',
  phone: 'l.phone',
  industry: 'l.industry',
  company_size: 'l.company_size',
  source: 'l.source',
  status: 'l.status',
  tags: 'l.tags',
  marketing_consent: 'l.marketing_consent',
  created_at: 'l.created_at',
}

/** A number written in a custom field (the text form of a JSON number or a numeric string). */
const NUMERIC_TEXT = String.raw`'^\s*-{0,1}[0-9]+(\.[0-9]+){0,1}\s*$'`

const lowered = (value: unknown) => String(value).toLowerCase()

/** SQL boolean for one field condition over the lead row `l`. */
function fieldSql(condition: FieldCondition): SqlFragment {
  const { field, op, value } = condition
  if (field.startsWith('custom_fields.')) {
    const key = field.slice('custom_fields.'.length)
    const text = sql`(l.custom_fields ->> ${key})`
    switch (op) {
      case 'exists':
        return value
          ? sql`nullif(btrim(${text}), '') is not null`
          : sql`nullif(btrim(${text}), '') is null`
      case 'equals':
        return sql`lower(${text}) = ${lowered(value)}`
      case 'in':
        return sql`lower(${text}) = any(${(value as unknown[]).map(lowered)}::text[])`
      case 'contains':
        return sql`strpos(lower(${text}), ${lowered(value)}) > 0`
      case 'gt':
      case 'lt': {
        // A JSON number is read as is; only strings need the (costlier) pattern check.
        const node = sql`(l.custom_fields -> ${key})`
        return sql`(case jsonb_typeof(${node}) when 'number' then ${node}::numeric
          when 'string' then (case when ${text} ~ ${raw(NUMERIC_TEXT)} then btrim(${text})::numeric end)
          end) ${raw(op === 'gt' ? '>' : '<')} ${value as number}::numeric`
      }
    }
  }
  const column = raw(COLUMN_SQL[field])
  if (field === 'tags') {
    switch (op) {
      case 'exists':
        return value ? sql`cardinality(l.tags) > 0` : sql`cardinality(l.tags) = 0`
      case 'contains':
        return sql`l.tags @> array[${lowered(value)}]::text[]`
      default:
        return sql`l.tags && ${(value as unknown[]).map(lowered)}::text[]`
    }
  }
  if (field === 'marketing_consent') return sql`l.marketing_consent = ${value as boolean}`
  if (field === 'created_at') {
    if (op === 'exists') return value ? sql`true` : sql`false`
    return sql`l.created_at ${raw(op === 'gt' ? '>' : '<')} ${value as string}::timestamptz`
  }
  switch (op) {
    case 'exists':
      return value
        ? sql`nullif(btrim(${column}), '') is not null`
        : sql`nullif(btrim(${column}), '') is null`
    case 'equals':
      return sql`lower(${column}) = ${lowered(value)}`
    case 'in':
      return sql`lower(${column}) = any(${(value as unknown[]).map(lowered)}::text[])`
    default:
      return sql`strpos(lower(${column}), ${lowered(value)}) > 0`
  }
}

/** The activity filter of one activity condition (type and time window). */
function activityFilter(condition: ActivityCondition): SqlFragment {
  const window =
    condition.within_days === null
      ? raw('')
      : sql` and a.occurred_at >= (select now() - ${condition.within_days}::int * interval '1 day')`
  return sql`a.activity_type = any(${condition.activity}::text[])${window}`
}

/**
 * What the explanations of a rule set depend on besides each lead's own
 * state (rule ids, names, categories, weights, half-lives, order), as a
 * digest stored with each score: when it and the lead's state are unchanged,
 * the stored explanation is still right and the row is not rewritten.
 */
export function ruleSignature(rules: ScoringRule[]) {
  const described = rules.map((rule) => [
    rule.id,
    rule.rule_name,
    rule.category,
    rule.score_weight,
    rule.half_life_days ?? DEFAULT_HALF_LIFE_DAYS,
  ])
  return createHash('sha256')
    .update(JSON.stringify([EXPLANATION_VERSION, described]))
    .digest('base64url')
}

/** Version of the explanation's shape: bump it to rewrite every stored explanation once. */
const EXPLANATION_VERSION = 1

/**
 * Builds the set-based rescoring statement for the current workspace: one
 * pass over the leads (optionally only `leadIds`) joined to one aggregate pass
 * over their activities, every rule evaluated as a column. It writes
 * `lead_scores` (points and explanation) only for leads whose points, rule
 * set or activity state changed, updates `leads.lead_score` only where it
 * changed, and returns those changes.
 */
export function buildRescoreStatement(
  workspaceId: string,
  rules: ScoringRule[],
  leadIds: string[] | null
): SqlFragment {
  const aggregates: SqlFragment[] = []
  // Each activity condition's filter, evaluated once per activity (its count
  // and its latest time both read the flag).
  const flags: SqlFragment[] = []
  const satisfied: SqlFragment[] = []
  const references: SqlFragment[] = []

  rules.forEach((rule, ruleIndex) => {
    const parts: SqlFragment[] = []
    const refs: SqlFragment[] = []
    for (const condition of rule.conditions.conditions) {
      if (isActivityCondition(condition)) {
        const k = aggregates.length / 2
        const filter = activityFilter(condition)
        flags.push(sql`${filter} as w${raw(String(k))}`)
        aggregates.push(sql`count(*) filter (where a.w${raw(String(k))}) as c${raw(String(k))}`)
        aggregates.push(
          sql`max(a.occurred_at) filter (where a.w${raw(String(k))}) as m${raw(String(k))}`
        )
        const met = sql`coalesce(act.c${raw(String(k))}, 0) >= ${condition.min_count}::int`
        parts.push(met)
        refs.push(sql`case when ${met} then act.m${raw(String(k))} end`)
      } else {
        parts.push(sql`coalesce(${fieldSql(condition)}, false)`)
      }
    }
    const glue = rule.conditions.match === 'all' ? ' and ' : ' or '
    satisfied.push(sql`(${join(parts, glue)}) as s${raw(String(ruleIndex))}`)
    references.push(
      refs.length && rule.category === 'engagement'
        ? sql`greatest(${join(refs, ', ')}) as r${raw(String(ruleIndex))}`
        : sql`null::timestamptz as r${raw(String(ruleIndex))}`
    )
  })

  const leadFilter = leadIds ? sql` and l.id = any(${leadIds}::uuid[])` : raw('')
  const activityLeadFilter = leadIds ? sql` and a.lead_id = any(${leadIds}::uuid[])` : raw('')
  const activities = aggregates.length
    ? sql`act as (
        select a.lead_id, ${join(aggregates, ', ')}
        from (
          select a.lead_id, a.occurred_at, ${join(flags, ', ')}
          from public.lead_activities a
          where a.workspace_id = ${workspaceId}::uuid${activityLeadFilter}
          offset 0
        ) a
        group by a.lead_id
      ),`
    : raw('')
  const activityJoin = aggregates.length ? raw('left join act on act.lead_id = l.id') : raw('')

  // Decay factor of each matched rule, once per lead, in float8 (numeric
  // power() costs microseconds a call): 0.5^(age/half-life) for engagement
  // rules that matched on activities (age of the latest match), else 1.
  const factors = rules.map((rule, i) => {
    const n = raw(String(i))
    const halfLife = rule.half_life_days ?? DEFAULT_HALF_LIFE_DAYS
    return sql`case when s${n} then coalesce(power(0.5::float8, greatest(0, extract(epoch from (now() - r${n}))::float8 / 86400.0) / ${halfLife}::float8), 1) end as x${n}`
  })
  // Points of each rule: the weight times its decay factor.
  const points = rules.map((rule, i) => {
    const n = raw(String(i))
    return sql`coalesce(round((${rule.score_weight}::float8 * x${n})::numeric, 2), 0) as p${n},
      round(x${n}::numeric, 4) as f${n}`
  })
  const sum = (category: 'fit' | 'engagement') => {
    const terms = rules
      .map((rule, i) => (rule.category === category ? `p${i}` : null))
      .filter(Boolean)
    return raw(terms.length ? terms.join(' + ') : '0')
  }
  const explanation = rules.length
    ? sql`to_jsonb(array_remove(array[${join(
        rules.map((rule, i) => {
          const n = raw(String(i))
          const constant = JSON.stringify({
            rule_id: rule.id,
            rule_name: rule.rule_name,
            category: rule.category,
            weight: rule.score_weight,
          })
          return sql`case when s${n} then ${constant}::jsonb || jsonb_build_object(
            'points', p${n}, 'decay_factor', f${n}, 'last_activity_at', r${n}) end`
        }),
        ', '
      )}]::jsonb[], null))`
    : raw(`'[]'::jsonb`)

  const ruleColumns = rules.length
    ? join([...satisfied, ...references], ', ')
    : raw('true as s_none')
  const factorColumns = rules.length ? join(factors, ', ') : raw('1 as x_none')
  const pointColumns = rules.length ? join(points, ', ') : raw('0 as p_none')
  const carried = rules.map((_rule, i) => `s${i}, r${i}`).join(', ')
  const carriedWithFactors = rules.map((_rule, i) => `s${i}, r${i}, x${i}`).join(', ')
  const carriedWithPoints = rules.map((_rule, i) => `s${i}, r${i}, p${i}, f${i}`).join(', ')
  // Everything the explanation holds besides the rules themselves: a lead
  // whose stored state and rule signature are equal keeps its row untouched,
  // and only the others get an explanation built and written.
  const state = rules.length
    ? raw(
        `array[${rules.map((_rule, i) => `p${i}, f${i}, extract(epoch from r${i})`).join(', ')}]::numeric[]`
      )
    : raw(`'{}'::numeric[]`)
  const signature = ruleSignature(rules)

  // `offset 0` keeps `matched`, `factored` and `pointed` from being inlined into the
  // outer query, where each rule's condition and points would be evaluated
  // once per reference (sums, score, explanation) instead of once per lead.
  return sql`with ${activities}
    matched as (
      select l.id as lead_id, l.lead_score as old_score, ${ruleColumns}
      from public.leads l ${activityJoin}
      where l.workspace_id = ${workspaceId}::uuid${leadFilter}
      offset 0
    ),
    factored as (
      select lead_id, old_score${raw(carried ? ', ' + carried : '')}, ${factorColumns}
      from matched
      offset 0
    ),
    pointed as (
      select lead_id, old_score${raw(carriedWithFactors ? ', ' + carriedWithFactors : '')}, ${pointColumns}
      from factored
      offset 0
    ),
    computed as (
      select lead_id, old_score,
        (${sum('fit')})::numeric(10, 2) as fit_points,
        (${sum('engagement')})::numeric(10, 2) as engagement_points,
        least(100, greatest(0, round(${sum('fit')} + ${sum('engagement')})))::int as score,
        ${state} as score_state${raw(carriedWithPoints ? ', ' + carriedWithPoints : '')}
      from pointed
    ),
    stored as (
      insert into public.lead_scores (workspace_id, lead_id, fit_points, engagement_points, score,
        explanation, rule_signature, score_state, computed_at)
      select ${workspaceId}::uuid, c.lead_id, c.fit_points, c.engagement_points, c.score,
        ${explanation}, ${signature}::text, c.score_state, now()
      from computed c
      where not exists (
        select 1 from public.lead_scores s
        where s.workspace_id = ${workspaceId}::uuid and s.lead_id = c.lead_id
          and s.score = c.score and s.fit_points = c.fit_points
          and s.engagement_points = c.engagement_points
          and s.rule_signature = ${signature}::text and s.score_state = c.score_state
      )
      on conflict (workspace_id, lead_id) do update set
        fit_points = excluded.fit_points, engagement_points = excluded.engagement_points,
        score = excluded.score, explanation = excluded.explanation,
        rule_signature = excluded.rule_signature, score_state = excluded.score_state,
        computed_at = excluded.computed_at
      returning lead_id
    ),
    changed as (
      update public.leads l set lead_score = c.score
      from computed c
      where c.score <> c.old_score and l.workspace_id = ${workspaceId}::uuid and l.id = c.lead_id
      returning l.id, c.old_score, c.score
    )
    select (select count(*) from computed)::int as scored,
      (select count(*) from stored)::int as explained,
      coalesce((select jsonb_agg(jsonb_build_array(id, old_score, score)) from changed), '[]'::jsonb) as changes`
}
