import { readFile } from 'node:fs/promises'
import type { HttpContext } from '@adonisjs/core/http'
import { enqueue, idParam, Problem, streamUpload, tenant } from '#sdk'
import { CalendarCsvError, decodeCsv, parseCalendarCsv } from '../services/calendar_csv.js'
import { calendarImportResource } from '../services/calendar_import_resource.js'

/**
 * Calendar CSV imports: the upload is checked (size, encoding, header, row
 * count), stored with the import and processed by the
 * `content/import_calendar_csv` job; its progress is read back here.
 */
export default class CalendarImportsController {
  async store(ctx: HttpContext) {
    const upload = streamUpload(ctx)
    let content: string
    let rows: number
    try {
      content = decodeCsv(await readFile(upload.tmpPath))
      rows = parseCalendarCsv(content).length
    } catch (error) {
      if (error instanceof CalendarCsvError)
        throw Problem.invalidField('file', error.message, 'csv')
      throw error
    }
    if (rows === 0) throw Problem.invalidField('file', 'The CSV file has no data rows', 'csv')
    const { trx, workspaceId, userId } = tenant()
    const [created] = await trx
      .insertQuery()
      .table('content_calendar_imports')
      .insert({
        workspace_id: workspaceId,
        created_by: userId,
        file_name: upload.clientName,
        content,
        rows_total: rows,
      })
      .returning(['id'])
    await enqueue('content/import_calendar_csv', { import_id: created.id }, { maxAttempts: 3 })
    ctx.response.status(202)
    return calendarImportResource.query().where('id', created.id).first()
  }

  async show({ params }: HttpContext) {
    const row = await calendarImportResource.query().where('id', idParam(params, 'Import')).first()
    if (!row) throw Problem.notFound('Import')
    return row
  }
}
