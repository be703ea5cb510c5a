/*
| The content plugin's public API. Other plugins import this file only (never
| the plugin's services or controllers), so its internals can change.
*/
import { tenant } from '#sdk'
import { createEntry, type EntryInput } from './calendar_service.js'
import { calendarEntryResource, type CalendarEntryRow } from './calendar_entry_resource.js'
import { assetResource } from './asset_resource.js'

export { activeBrandKit, themeCss } from './brand_kit_service.js'
export type { BrandKitRow, BrandKitData } from './brand_kit_resource.js'
export type { CalendarEntryRow } from './calendar_entry_resource.js'
export { ENTRY_TRANSITIONS } from './calendar_service.js'

/** A calendar entry proposed by another domain (created as a draft). */
export type CalendarEntryProposal = Omit<EntryInput, 'status'> & {
  title: string
  content_type: EntryInput['content_type'] & string
  scheduled_date: string | Date
}

/**
 * Creates calendar entries as drafts in the current tenant transaction (the
 * autopilot proposes next week's content this way); each goes through the
 * same checks as the API (campaign link, assignee, recurrence rule).
 */
export async function createCalendarEntries(
  entries: CalendarEntryProposal[]
): Promise<CalendarEntryRow[]> {
  const created: CalendarEntryRow[] = []
  for (const entry of entries) created.push(await createEntry({ ...entry, status: 'draft' }))
  return created
}

/**
 * The entries of the current workspace whose `metadata.proposal_key` is one of
 * `keys`: a plugin that proposes entries (the autopilot) tags each with a key
 * and skips the keys it already proposed, so a rerun never proposes twice.
 */
export async function calendarEntriesWithProposalKeys(keys: string[]): Promise<CalendarEntryRow[]> {
  if (!keys.length) return []
  return calendarEntryResource
    .query()
    .whereRaw(`metadata->>'proposal_key' = any(?::text[])`, [keys])
    .orderBy('scheduled_date')
}

/**
 * The workspace storage key of an image of the asset library (a brand kit's
 * logo), or null when there is no such image: the video plugin reads the file
 * from the same workspace storage to burn the logo into its videos. The key
 * stays server-side (the API only ever gives signed links).
 */
export async function imageAssetStorageKey(assetId: string): Promise<string | null> {
  const row = await tenant()
    .trx.from(assetResource.table)
    .where({ id: assetId, asset_type: 'image' })
    .select('storage_path')
    .first()
  return row?.storage_path ?? null
}
