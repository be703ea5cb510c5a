import type { DatabaseQueryBuilderContract } from '@adonisjs/lucid/types/querybuilder'

/** The conditions of a segment; every given condition must hold (AND). */
export interface SegmentConditions {
  tags_any?: string[]
  tags_all?: string[]
  tags_none?: string[]
  company?: string
  email_domain?: string
  created_after?: string
  created_before?: string
  from_leads?: boolean
  metadata_equals?: Record<string, string>
}

const lower = (tags: string[]) => tags.map((tag) => tag.trim().toLowerCase())

/**
 * Adds a segment's conditions to a query on `email_contacts` (alias `alias`):
 * the segment is evaluated by PostgreSQL (GIN index on tags), never by loading
 * contacts into the process. Subscription status is not a segment condition:
 * senders add `subscription_status = 'subscribed'` themselves.
 */
export function applySegment<T extends DatabaseQueryBuilderContract<any>>(
  builder: T,
  conditions: SegmentConditions,
  alias = 'c'
): T {
  const col = (name: string) => `${alias}.${name}`
  if (conditions.tags_any?.length)
    builder.whereRaw(`${col('tags')} && ?::text[]`, [lower(conditions.tags_any)])
  if (conditions.tags_all?.length)
    builder.whereRaw(`${col('tags')} @> ?::text[]`, [lower(conditions.tags_all)])
  if (conditions.tags_none?.length)
    builder.whereRaw(`not (${col('tags')} && ?::text[])`, [lower(conditions.tags_none)])
  if (conditions.company)
    builder.whereRaw(`lower(${col('company')}) = lower(?)`, [conditions.company])
  if (conditions.email_domain)
    builder.whereRaw(`split_part(lower(${col('email')}), '@', 2) = ?`, [conditions.email_domain])
  if (conditions.created_after) builder.where(col('created_at'), '>=', conditions.created_after)
  if (conditions.created_before) builder.where(col('created_at'), '<', conditions.created_before)
  if (conditions.from_leads !== undefined)
    builder.whereRaw(`${col('lead_id')} is ${conditions.from_leads ? 'not ' : ''}null`)
  for (const [key, value] of Object.entries(conditions.metadata_equals ?? {}))
    builder.whereRaw(`${col('metadata')} ->> ? = ?`, [key, value])
  return builder
}
