import { column, defineResource } from '#sdk'
import { APPROVAL_STATUSES } from '../validators/content_validator.js'

/** A review recorded in a content piece's metadata. */
export interface ContentReview {
  decision: string
  note: string | null
  by: string | null
  at: string
}

/**
 * A generated content piece (table `generated_content_pieces`). The API edits
 * `title`, `content` and `performance_data`; `metadata` keeps the workflow's
 * reviews, so the controller merges it; the approval status moves only
 * through the review workflow.
 */
export const contentPieceResource = defineResource({
  name: 'GeneratedContentPiece',
  table: 'generated_content_pieces',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid(),
    campaign_id: column.uuid().required(),
    content_type: column.text().required(),
    title: column.text().required().writable({ on: 'update' }),
    content: column.text().required().writable({ on: 'update' }),
    metadata: column.jsonb<{ reviews?: ContentReview[]; [key: string]: unknown }>().openapi({
      description: 'brief, tone, provider, model, usage, and the list of reviews',
    }),
    approval_status: column.enum(APPROVAL_STATUSES).required().openapi({ type: 'string' }),
    performance_data: column.jsonb().nullable().writable({ on: 'update' }),
    created_by_agent: column.text(),
    created_at: column.timestamp(),
    updated_at: column.timestamp(),
  },
})
