import { column, defineResource, type TemplateVariable } from '#sdk'
import { templateVariablesSchema } from './template_resource.js'

/** One section of a proposal: a heading and a body template. */
export interface ProposalSection {
  heading: string
  body: string
}

/**
 * A proposal template (table `proposal_templates`): an introduction
 * (`content`) and sections, each a template, rendered to HTML or PDF.
 */
export const proposalTemplateResource = defineResource({
  name: 'ContentProposalTemplate',
  table: 'proposal_templates',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid().required(),
    user_id: column.uuid().nullable().required(),
    name: column.text().required().writable(),
    content: column.text().required().writable(),
    sections: column
      .jsonb<ProposalSection[]>()
      .required()
      .writable()
      .schema({
        type: 'array',
        items: {
          type: 'object',
          required: ['heading', 'body'],
          properties: { heading: { type: 'string' }, body: { type: 'string' } },
        },
      }),
    variables: column
      .jsonb<TemplateVariable[]>()
      .required()
      .writable()
      .schema(templateVariablesSchema),
    metadata: column.jsonb().required().writable(),
    created_at: column.timestamp().required(),
    updated_at: column.timestamp().required(),
  },
})

/** A proposal template row as selected. */
export type ProposalTemplateRow = typeof proposalTemplateResource.$row
