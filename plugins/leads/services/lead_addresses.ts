import { tenant } from '#sdk'

/** A lead's e-mail address and source, as other plugins (email automations) read it. */
export interface LeadAddress {
  id: string
  email: string | null
  source: string | null
}

/**
 * The e-mail address and source of leads of the current workspace, by id
 * (unknown ids are left out). The email plugin maps a lead event to the
 * contact with the same address through it.
 */
export async function leadAddresses(ids: string[]): Promise<LeadAddress[]> {
  if (ids.length === 0) return []
  return tenant()
    .trx.from('leads')
    .select('id', 'email', 'source')
    .whereIn('id', ids.slice(0, 5000))
}
