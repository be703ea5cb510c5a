import { column, defineResource } from '#sdk'

/** An e-mail template (table `email_templates`): MJML source, compiled HTML, subject, text. */
export const templateResource = defineResource({
  name: 'EmailTemplate',
  table: 'email_templates',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid().required(),
    created_by: column.uuid().nullable(),
    name: column.text().required().writable(),
    subject_line: column.text().required().writable(),
    mjml_content: column
      .text()
      .nullable()
      .required()
      .writable()
      .openapi({ description: 'MJML source; html_content is compiled from it' }),
    html_content: column.text().required(),
    plain_text: column
      .text()
      .nullable()
      .required()
      .writable()
      .openapi({ description: 'Plain-text part; generated from the HTML when null' }),
    variables: column
      .jsonb()
      .required()
      .openapi({ description: 'Merge fields the template reads' }),
    metadata: column.jsonb().required().writable(),
    created_at: column.timestamp().required(),
    updated_at: column.timestamp().required(),
  },
})
/** A template row. */
export type TemplateRow = typeof templateResource.$row
