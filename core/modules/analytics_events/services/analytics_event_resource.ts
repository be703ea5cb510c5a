import { column, defineResource } from '#sdk'

/**
 * A stored analytics event as the API reads it (table `user_analytics_events`):
 * the one place that lists its columns. The select list, `AnalyticsEventRow`
 * and the `AnalyticsEvent` OpenAPI schema derive from it.
 */
export const analyticsEventResource = defineResource({
  name: 'AnalyticsEvent',
  table: 'user_analytics_events',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid().required(),
    user_id: column.uuid().nullable().required(),
    event_type: column.text().required(),
    event_data: column.jsonb().nullable().required(),
    created_at: column.timestamp().nullable().required(),
  },
})

/** An analytics event row as selected (snake_case, like the API). */
export type AnalyticsEventRow = typeof analyticsEventResource.$row
