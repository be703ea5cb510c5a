import { column, defineResource, type TemplateVariable } from '#sdk'

const variablesSchema = {
  type: 'array',
  items: {
    type: 'object',
    required: ['name'],
    properties: {
      name: { type: 'string' },
      required: { type: 'boolean' },
      type: { enum: ['string', 'number', 'boolean', 'date', 'list', 'object'] },
      description: { type: 'string' },
    },
  },
}

/**
 * A content template (table `content_templates`). `is_public` shares it with
 * the agency's client workspaces (read-only there); `source` says where a
 * listed template comes from: this workspace, the agency, or the platform.
 */
export const templateResource = defineResource({
  name: 'ContentTemplate',
  table: 'content_templates',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid().nullable().required(),
    created_by: column.uuid().nullable().required(),
    name: column.text().required().writable(),
    template_type: column.text().required().writable(),
    content: column.text().required().writable(),
    variables: column.jsonb<TemplateVariable[]>().required().writable().schema(variablesSchema),
    is_public: column.boolean().required().writable(),
    source: column
      .enum(['workspace', 'agency', 'platform'] as const)
      .required()
      .computed(
        (t) =>
          `case when ${t}.workspace_id = (select app.current_workspace_id()) then 'workspace' else 'agency' end`
      ),
    metadata: column.jsonb().required().writable(),
    created_at: column.timestamp().required(),
    updated_at: column.timestamp().required(),
  },
})

/** A content template row as selected. */
export type TemplateRow = typeof templateResource.$row

/** The declared-variables schema, shared with proposal templates. */
export const templateVariablesSchema = variablesSchema
