import { column, defineResource } from '#sdk'

/** A failed row of a calendar CSV import. */
export interface CalendarImportRowError {
  row: number
  reason: string
}

/** A calendar CSV import and its progress (table `content_calendar_imports`; never the file). */
export const calendarImportResource = defineResource({
  name: 'ContentCalendarImport',
  table: 'content_calendar_imports',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid().required(),
    created_by: column.uuid().nullable(),
    file_name: column.text().nullable(),
    status: column.enum(['queued', 'running', 'completed', 'failed'] as const).required(),
    rows_total: column.integer().required(),
    rows_processed: column.integer().required(),
    rows_created: column.integer().required(),
    rows_failed: column.integer().required(),
    errors: column
      .jsonb<CalendarImportRowError[]>()
      .required()
      .schema({
        type: 'array',
        items: {
          type: 'object',
          required: ['row', 'reason'],
          properties: {
            row: { type: 'integer', description: 'Line number in the file (the header is line 1)' },
            reason: { type: 'string' },
          },
        },
      }),
    error_message: column.text().nullable(),
    started_at: column.timestamp().nullable(),
    completed_at: column.timestamp().nullable(),
    created_at: column.timestamp().required(),
    updated_at: column.timestamp(),
  },
})
