import platform from '#config/platform'
import { activePlugins } from '#core/plugins/plugin_registry'
import type { PluginDefinition } from '#core/plugins/plugin_definition'

/** Subscribing to this type delivers every event of the workspace. */
export const ALL_EVENTS = '*'

/** Shape every event type must have: `<resource>.<action>` in lower case. */
export const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/

/**
 * Webhook event types raised by the core itself (type → description). Plugins
 * add theirs with `webhookEvents` in their plugin.ts.
 */
export const CORE_WEBHOOK_EVENTS: Record<string, string> = {
  'webhook.ping': 'A test event sent to one webhook by POST /v1/webhooks/{id}/ping.',
  'webhook.disabled':
    'A webhook of the workspace was disabled after repeated failed deliveries (sent to the other webhooks).',
  'workspace.member_added': 'Someone joined the workspace (invitation accepted, or its creator).',
  'workspace.member_removed': 'A member left or was removed from the workspace.',
  'support.ticket_created':
    'A support ticket was filed (by a member or an anonymous visitor). Ids and triage state only.',
  'support.ticket_updated':
    'An admin triaged a support ticket (status, priority or notes); `changes` lists the fields.',
}

/** One entry of the event catalogue. */
export interface WebhookEventType {
  type: string
  description: string
  /** `core` or the name of the plugin that declares it. */
  source: string
}

let catalogue: Promise<Map<string, WebhookEventType>> | undefined

/**
 * Builds the catalogue from the core's types and the given plugins' ones. A
 * malformed type, or a type declared twice, is a configuration error.
 */
export function buildWebhookEventCatalogue(
  plugins: Array<Pick<PluginDefinition, 'name' | 'webhookEvents'>>
): Map<string, WebhookEventType> {
  const entries = new Map<string, WebhookEventType>()
  const add = (type: string, description: string, source: string) => {
    if (!EVENT_TYPE_PATTERN.test(type) || type.length > 100) {
      throw new Error(`Webhook event type "${type}" (${source}) must look like "resource.action"`)
    }
    const existing = entries.get(type)
    if (existing) {
      throw new Error(
        `Webhook event type "${type}" is declared by both ${existing.source} and ${source}`
      )
    }
    entries.set(type, { type, description, source })
  }
  for (const [type, description] of Object.entries(CORE_WEBHOOK_EVENTS)) {
    add(type, description, 'core')
  }
  for (const plugin of plugins) {
    for (const [type, description] of Object.entries(plugin.webhookEvents ?? {})) {
      add(type, description, plugin.name)
    }
  }
  return entries
}

/**
 * The catalogue of event types of the core and every enabled plugin
 * (memoised per process, like the plugin list it reads).
 */
export function webhookEventCatalogue(): Promise<Map<string, WebhookEventType>> {
  catalogue ??= activePlugins(platform.plugins).then(buildWebhookEventCatalogue)
  return catalogue
}
