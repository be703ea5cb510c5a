import type { Task } from 'graphile-worker'
import { privacyExportTask } from '#core/privacy/privacy_export_job'
import { privacyDeletionTask } from '#core/privacy/privacy_erasure_job'
import { privacyRetentionTask } from '#core/privacy/privacy_retention_job'

/** The privacy jobs, merged into the core task list. */
export const privacyTasks: Record<string, Task> = {
  'core/privacy_export': privacyExportTask,
  'core/privacy_deletion': privacyDeletionTask,
  'core/privacy_retention': privacyRetentionTask,
}

/** Daily retention purge at 04:15 UTC (graphile-worker crontab syntax). */
export const PRIVACY_CRONTAB = '15 4 * * * core/privacy_retention ?max=3'
