import { column, defineResource } from '#sdk'
import { TASK_PRIORITIES, TASK_STATUSES } from '../validators/task_validator.js'

/**
 * A task of a campaign (seed table `campaign_tasks`). `completed_at` is not
 * writable: it follows the status (see the tasks controller).
 */
export const campaignTaskResource = defineResource({
  name: 'CampaignTask',
  table: 'campaign_tasks',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid(),
    campaign_id: column.uuid().required(),
    created_by: column.uuid().nullable(),
    title: column.text().required().writable(),
    description: column.text().nullable().writable(),
    status: column.enum(TASK_STATUSES).required().writable().openapi({ type: 'string' }),
    priority: column.enum(TASK_PRIORITIES).required().writable().openapi({ type: 'string' }),
    due_date: column.timestamp().nullable().writable(),
    completed_at: column.timestamp().nullable(),
    created_at: column.timestamp().required(),
    updated_at: column.timestamp(),
  },
})
