import { tenant } from '#sdk'

/** A lead that agreed to marketing mail, as other plugins (email) read it. */
export interface ConsentingLead {
  id: string
  email: string
  first_name: string | null
  last_name: string | null
  company: string | null
  tags: string[]
  consent_text: string | null
  consent_recorded_at: Date | null
}

/**
 * Leads of the current workspace that gave marketing consent and have an
 * e-mail address, in id order, one page at a time (`afterId`), optionally only
 * those carrying all of `tags`. The email plugin builds its contacts from it.
 */
export async function consentingLeads(
  options: { tags?: string[]; afterId?: string | null; limit?: number } = {}
): Promise<ConsentingLead[]> {
  const builder = tenant()
    .trx.from('leads')
    .select(
      'id',
      'email',
      'first_name',
      'last_name',
      'company',
      'tags',
      'consent_text',
      'consent_recorded_at'
    )
    .where('marketing_consent', true)
    .whereNotNull('email')
    .orderBy('id', 'asc')
    .limit(Math.min(options.limit ?? 1000, 5000))
  if (options.tags?.length) builder.whereRaw('tags @> ?::text[]', [options.tags])
  if (options.afterId) builder.where('id', '>', options.afterId)
  return builder
}
