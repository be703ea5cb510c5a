import { once } from 'node:events'
import type { HttpContext } from '@adonisjs/core/http'
import { stringify } from 'csv-stringify/sync'
import { csvCell, tenant, keysetPage, NEWEST_FIRST } from '#sdk'
import { exportLeadsValidator } from '../validators/lead_validator.js'
import { applyLeadFilters } from '../services/lead_query.js'
import { leadResource } from '../services/lead_resource.js'

/** Columns of the CSV export, in order (the import reads the same names): see lead_resource.ts. */
const EXPORT_COLUMNS = leadResource.csvColumns

const BATCH = 1000

/**
 * Streams the leads that match the filters as CSV, newest first, in batches
 * read inside the request's transaction (one consistent snapshot), with
 * backpressure: memory stays flat whatever the number of leads.
 */
export default class LeadExportsController {
  async export(ctx: HttpContext) {
    const filters = await exportLeadsValidator.validate(ctx.request.qs())
    const { trx, workspaceId } = tenant()
    const page = (cursor?: string) =>
      keysetPage<Record<string, unknown>>(
        applyLeadFilters(trx.from('leads').select([...EXPORT_COLUMNS]), workspaceId!, filters),
        { ...NEWEST_FIRST, limit: BATCH, cursor }
      )
    // The first batch is read before anything is sent, so bad filters still get a clean 422.
    let batch = await page()

    const res = ctx.response.response
    ctx.response.status(200)
    res.writeHead(200, {
      ...ctx.response.getHeaders(),
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="leads-${new Date().toISOString().slice(0, 10)}.csv"`,
      'Cache-Control': 'no-store',
    })
    // Waits for the client to take the data; stops early if it goes away.
    const write = async (chunk: string) => {
      if (!res.write(chunk)) await Promise.race([once(res, 'drain'), once(res, 'close')])
    }
    await write(stringify([[...EXPORT_COLUMNS]]))
    while (batch.data.length && !res.destroyed) {
      await write(
        stringify(batch.data.map((row) => EXPORT_COLUMNS.map((column) => csvCell(row[column]))))
      )
      if (!batch.next_cursor) break
      batch = await page(batch.next_cursor)
    }
    res.end()
  }
}
