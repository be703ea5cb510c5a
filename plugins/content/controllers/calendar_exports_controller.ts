import type { HttpContext } from '@adonisjs/core/http'
import { stringify } from 'csv-stringify/sync'
import { csvCell, keysetPage, NEWEST_FIRST } from '#sdk'
import { calendarEntryResource } from '../services/calendar_entry_resource.js'
import { EXPORT_COLUMNS } from '../services/calendar_csv.js'
import { listEntriesValidator } from '../validators/calendar_entry_validator.js'

const BATCH = 1000

/**
 * Exports the calendar as CSV (the columns the import reads, plus ids and
 * dates), newest first, read in batches inside the request's transaction.
 */
export default class CalendarExportsController {
  async export({ request, response }: HttpContext) {
    const filters = await listEntriesValidator.validate(request.qs())
    const rows: string[] = [stringify([[...EXPORT_COLUMNS]])]
    let cursor: string | undefined
    for (let pages = 0; pages < 100; pages++) {
      const builder = calendarEntryResource.query()
      if (filters.status) builder.where('status', filters.status)
      if (filters.campaign_id) builder.where('campaign_id', filters.campaign_id)
      const page = await keysetPage<Record<string, unknown>>(builder, {
        ...NEWEST_FIRST,
        limit: BATCH,
        cursor,
      })
      rows.push(
        stringify(page.data.map((row) => EXPORT_COLUMNS.map((column) => csvCell(row[column]))))
      )
      if (!page.next_cursor) break
      cursor = page.next_cursor
    }
    response.header('Content-Type', 'text/csv; charset=utf-8')
    response.header(
      'Content-Disposition',
      `attachment; filename="content-calendar-${new Date().toISOString().slice(0, 10)}.csv"`
    )
    response.header('Cache-Control', 'no-store')
    return rows.join('')
  }
}
