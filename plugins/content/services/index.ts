/*
| The content plugin's public API. Other plugins import this file only (never
| the plugin's services or controllers), so its internals can change.
*/
import { createEntry, type EntryInput } from './calendar_service.js'
import type { CalendarEntryRow } from './calendar_entry_resource.js'

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
