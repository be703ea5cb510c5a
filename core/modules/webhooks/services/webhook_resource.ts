import { column, defineResource } from '#sdk'

/**
 * An outgoing webhook (table `webhooks`) as the API returns it: the one place
 * that lists its columns. The select/returning list, `WebhookRow` and the
 * `Webhook` OpenAPI schema derive from it. The sealed `secret_token` is not a
 * column of the resource, so it never reaches a response.
 */
export const webhookResource = defineResource({
  name: 'Webhook',
  table: 'webhooks',
  columns: {
    id: column.uuid().required(),
    workspace_id: column.uuid().required(),
    user_id: column.uuid().nullable().openapi({ description: 'Who created it' }),
    name: column.text().required(),
    url: column.text().required().openapi({ format: 'uri' }),
    events: column
      .textArray()
      .required()
      .openapi({ description: 'Subscribed event types (`*`: all)' }),
    is_active: column.boolean().required(),
    last_triggered_at: column.timestamp().nullable(),
    last_response_code: column.integer().nullable(),
    retry_count: column
      .integer()
      .openapi({ description: 'Failed attempts since the last successful one' }),
    consecutive_failures: column.integer().openapi({
      description: 'Failed deliveries (all attempts used) in a row; reaching the limit disables it',
    }),
    disabled_at: column.timestamp().nullable(),
    disabled_reason: column.text().nullable(),
    created_at: column.timestamp().required(),
    updated_at: column.timestamp(),
  },
})

/** A webhook row as selected (never the secret). */
export type WebhookRow = typeof webhookResource.$row
