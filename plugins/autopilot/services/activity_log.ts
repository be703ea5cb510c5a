import { tenant } from '#sdk'

/** One entry to write to the activity log. */
export interface ActivityEntry {
  activity_type: string
  activity_description: string
  entity_type?: string | null
  entity_id?: string | null
  metadata?: Record<string, unknown>
  /** Before/after numbers of what the action changed or measured. */
  impact_metrics?: Record<string, unknown>
}

/** Writes entries to `autopilot_activity_log` in one statement, in the current transaction. */
export async function logActivities(
  configId: string,
  runId: string | null,
  entries: ActivityEntry[]
) {
  if (!entries.length) return
  const { trx, workspaceId, userId } = tenant()
  await trx
    .insertQuery()
    .table('autopilot_activity_log')
    .multiInsert(
      entries.map((entry) => ({
        workspace_id: workspaceId,
        user_id: userId,
        autopilot_config_id: configId,
        run_id: runId,
        activity_type: entry.activity_type,
        activity_description: entry.activity_description,
        entity_type: entry.entity_type ?? null,
        entity_id: entry.entity_id ?? null,
        metadata: JSON.stringify(entry.metadata ?? {}),
        impact_metrics: JSON.stringify(entry.impact_metrics ?? {}),
      }))
    )
}
