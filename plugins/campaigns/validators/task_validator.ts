import vine from '@vinejs/vine'
import { pageQuery } from '#sdk'
import { isoDateTime } from './field_rules.js'

/** Task statuses of the seed (campaign_tasks.status). */
export const TASK_STATUSES = ['pending', 'in_progress', 'completed', 'cancelled'] as const
/** Task priorities of the seed (campaign_tasks.priority). */
export const TASK_PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const

/** Body of POST /v1/campaigns/:id/tasks. */
export const createTaskValidator = vine.create({
  title: vine.string().trim().minLength(1).maxLength(300),
  description: vine.string().trim().maxLength(5000).nullable().optional(),
  status: vine.enum(TASK_STATUSES).optional(),
  priority: vine.enum(TASK_PRIORITIES).optional(),
  due_date: isoDateTime().nullable().optional(),
})

/** Body of PATCH /v1/campaigns/:id/tasks/:taskId. */
export const updateTaskValidator = vine.create({
  title: vine.string().trim().minLength(1).maxLength(300).optional(),
  description: vine.string().trim().maxLength(5000).nullable().optional(),
  status: vine.enum(TASK_STATUSES).optional(),
  priority: vine.enum(TASK_PRIORITIES).optional(),
  due_date: isoDateTime().nullable().optional(),
})

/** Query of GET /v1/campaigns/:id/tasks. */
export const listTasksValidator = vine.create({
  ...pageQuery,
  status: vine.enum(TASK_STATUSES).optional(),
  priority: vine.enum(TASK_PRIORITIES).optional(),
})
